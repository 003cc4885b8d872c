namespace Flux.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task calls_run_one_at_a_time_in_the_order_they_were_made()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain("a");

        var calls = Enumerable.Range(0, 200).Select(grain.AppendAsync).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 200), await grain.GetSequenceAsync());
        Assert.False(harness.Probe.OverlapSeen);
    }

    [Fact]
    public async Task calls_from_many_threads_never_interleave()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain("a");

        var calls = Enumerable.Range(0, 400)
            .Select(i => Task.Run(() => i % 2 == 0 ? grain.AppendAsync(i) : grain.WriteAsync(Task.Delay(1))))
            .ToArray();
        await Task.WhenAll(calls);

        Assert.False(harness.Probe.OverlapSeen);
        Assert.Equal(200, (await grain.GetSequenceAsync()).Length);
    }

    [Fact]
    public async Task a_second_call_waits_until_the_first_one_completes()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = harness.Grain("a");

        var first = grain.WriteAsync(gate.Task);
        var second = grain.WriteAsync(Task.CompletedTask);
        await RuntimeHarness.Settle();
        Assert.False(second.IsCompleted);

        gate.SetResult();
        await Task.WhenAll(first, second);
        Assert.Equal(["activate a #1", "write-enter a", "write-exit a", "write-enter a", "write-exit a"], harness.Probe.Events.ToArray());
    }

    [Fact]
    public async Task read_only_calls_run_together()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = harness.Grain("a");
        await grain.GetActivationAsync();

        var reads = Enumerable.Range(0, 3).Select(_ => grain.ReadAsync(gate.Task)).ToArray();
        await RuntimeHarness.Eventually(() => harness.Probe.MaxConcurrentReaders == 3, "three readers inside at once");

        gate.SetResult();
        await Task.WhenAll(reads);
        Assert.False(harness.Probe.OverlapSeen);
    }

    [Fact]
    public async Task a_write_waits_for_running_reads_and_later_reads_wait_for_the_write()
    {
        await using var harness = new RuntimeHarness();
        var readGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writeGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = harness.Grain("a");
        await grain.GetActivationAsync();

        var read = grain.ReadAsync(readGate.Task);
        var write = grain.WriteAsync(writeGate.Task);
        var laterRead = grain.ReadAsync(Task.CompletedTask);
        await RuntimeHarness.Settle();
        Assert.DoesNotContain("write-enter a", harness.Probe.Events);

        readGate.SetResult();
        await read;
        await RuntimeHarness.Eventually(() => harness.Probe.Events.Contains("write-enter a"), "the write to start");
        await RuntimeHarness.Settle();
        Assert.False(laterRead.IsCompleted); // FIFO: the read made after the write does not overtake it

        writeGate.SetResult();
        await Task.WhenAll(write, laterRead);
        Assert.False(harness.Probe.OverlapSeen);
        Assert.Equal(["read-enter a", "read-exit a", "write-enter a", "write-exit a", "read-enter a", "read-exit a"],
            harness.Probe.Events.Skip(1).ToArray());
    }

    [Fact]
    public async Task an_exception_reaches_only_its_caller_and_the_activation_stays()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = harness.Grain("a");

        var before = grain.WriteAsync(gate.Task);
        var failing = grain.ThrowAsync();
        var after = grain.AppendAsync(7);
        gate.SetResult();

        Assert.Equal(1, await before);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("call on a failed on purpose", error.Message);
        Assert.Equal(1, await after);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAsync()); // on the uncontended path too
        Assert.Equal(1, await grain.GetActivationAsync());
        Assert.Equal(1, harness.Runtime.TotalActivations);
        Assert.Equal(0, harness.Runtime.TotalDeactivations);
    }

    [Fact]
    public async Task a_queued_call_can_be_cancelled_without_disturbing_the_others()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var grain = harness.Grain("a");
        await grain.GetActivationAsync();

        var blocking = grain.WriteAsync(gate.Task);
        var cancelled = harness.Runtime.InvokeAsync(new GrainId("probe", "a"), new AppendOne(), cancel.Token);
        var after = grain.AppendAsync(2);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        gate.SetResult();
        await Task.WhenAll(blocking, after);
        var sequence = await grain.GetSequenceAsync();
        Assert.Equal([2], sequence);
    }

    private sealed record AppendOne : IGrainCall<Grains.IProbeGrain, int>
    {
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(Grains.IProbeGrain grain) => grain.AppendAsync(1);
    }
}
