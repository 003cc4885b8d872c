namespace Flux.Storage.Tests;

public sealed class RequestQueueTests
{
    [Fact]
    public async Task requests_beyond_the_slots_wait_their_turn_and_all_run()
    {
        var queue = new RequestQueue(2, TimeSpan.FromSeconds(30), "test store is overloaded");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var twoStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;

        var requests = Enumerable.Range(0, 6).Select(i => queue.RunAsync(async () =>
        {
            if (Interlocked.Increment(ref started) == 2)
                twoStarted.SetResult();
            await release.Task;
            return i;
        }, CancellationToken.None)).ToList();
        await twoStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, Volatile.Read(ref started)); // the other four wait: nothing releases a slot yet
        release.SetResult();

        Assert.Equal(Enumerable.Range(0, 6), await Task.WhenAll(requests));
        Assert.Equal(2, queue.MostInFlight);
    }

    [Fact]
    public async Task a_request_that_waits_longer_than_the_queue_timeout_fails_as_unavailable_naming_the_store()
    {
        var queue = new RequestQueue(1, TimeSpan.FromMilliseconds(200), "test store is overloaded");
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = queue.RunAsync(() => release.Task, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => queue.RunAsync(() => Task.FromResult(2), CancellationToken.None));

        Assert.Equal("test store is overloaded: no request of the 1 in flight finished within 0.2 s", error.Message);
        release.SetResult(1);
        Assert.Equal(1, await holding);
        Assert.Equal(3, await queue.RunAsync(() => Task.FromResult(3), CancellationToken.None));
    }

    [Fact]
    public async Task a_failed_request_gives_its_slot_back()
    {
        var queue = new RequestQueue(1, TimeSpan.FromMilliseconds(200), "test store is overloaded");

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.RunAsync<int>(() => throw new InvalidOperationException("refused"), CancellationToken.None));

        Assert.Equal(7, await queue.RunAsync(() => Task.FromResult(7), CancellationToken.None));
    }
}
