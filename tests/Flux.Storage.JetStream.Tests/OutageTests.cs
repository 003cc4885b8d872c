using System.Diagnostics;
using static Flux.Storage.JetStream.Tests.TestEvents;

namespace Flux.Storage.JetStream.Tests;

/// <summary>Stops and restarts this class's nats-server; every test leaves it running.</summary>
public sealed class OutageTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task while_nats_is_down_calls_fail_fast_as_unavailable_and_the_same_log_works_again_when_it_returns()
    {
        await using var log = await nats.OpenLogAsync();
        await log.AppendAsync(Batch(Event("u1", "pump")));
        await nats.Server.StopAsync();
        try
        {
            // A probe sent before the client noticed may be stored after the reconnect (its outcome was unknown), so not on "pump".
            await WaitUntilAsync(async () => await FailsAsUnavailableAsync(() => log.AppendAsync(Batch(Event($"probe-{Guid.NewGuid()}", "probe")))));

            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAsync<StorageUnavailableException>(() => log.AppendAsync(Batch(Event("u2", "pump"))));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => log.ReadHistoryAsync("pump", DateTimeOffset.MinValue, 10));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => log.ReplayAsync("pump"));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => log.CountAsync());
            await Assert.ThrowsAsync<StorageUnavailableException>(() => log.SharedLastPositionAsync("pump").AsTask());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"five calls took {clock.Elapsed.TotalMilliseconds:0} ms");
        }
        finally
        {
            await nats.Server.StartAsync();
        }

        await WaitUntilAsync(async () => !await FailsAsUnavailableAsync(() => log.AppendAsync(Batch(Event("u3", "pump")))));
        Assert.Equal(["u1", "u3"], (await log.ReplayAsync("pump")).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task appends_in_flight_when_nats_dies_end_as_unknown_or_unavailable_within_the_timeout_never_hanging()
    {
        await using var log = await nats.OpenLogAsync();
        // Appends keep being sent while the server stops and a little after, so some are certainly in flight
        // when it dies, whatever the machine's speed.
        var appends = new List<Task<IReadOnlyList<AppendResult>>>();
        Task<IReadOnlyList<AppendResult>> Append(int i) => log.AppendAsync(Batch([.. Enumerable.Range(0, 20).Select(k => Event($"i{i}-{k}", $"entity-{i}"))]));
        var clock = Stopwatch.StartNew();
        var stopping = nats.Server.StopAsync();
        while (!stopping.IsCompleted)
        {
            appends.Add(Append(appends.Count));
            await Task.Delay(1);
        }
        await stopping;
        for (var extra = 0; extra < 20; extra++)
            appends.Add(Append(appends.Count));
        try
        {
            var all = Task.WhenAll(appends);
            var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.Same(all, finished);
        }
        catch (Exception)
        {
            // Inspected one by one below.
        }
        finally
        {
            await nats.Server.StartAsync();
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.All(appends, a => Assert.True(
            a.IsCompletedSuccessfully || a.Exception?.InnerException is AppendOutcomeUnknownException or StorageUnavailableException,
            a.Exception?.InnerException?.ToString()));
        Assert.Contains(appends, a => !a.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task an_append_in_flight_when_the_connection_drops_fails_at_once_as_of_unknown_outcome_not_after_its_ack_timeout()
    {
        // An ack timeout far beyond the test's bound: only the dropped connection can end the append in time.
        var options = nats.Options(NatsFixture.NewStream());
        options.RequestTimeout = TimeSpan.FromSeconds(30);
        await using var log = new JetStreamEventLog(options, new RetentionPolicy(0, 0), new RecordingIndexWriter());
        await log.StartAsync();
        await log.AppendAsync(Batch(Event("d1", "pump")));

        await nats.Server.FreezeAsync();
        Task<IReadOnlyList<AppendResult>> inFlight;
        var clock = Stopwatch.StartNew();
        try
        {
            inFlight = log.AppendAsync(Batch(Event("d2", "pump")));
            await nats.Server.StopAsync(); // SIGKILL of the frozen server closes its sockets
            await Assert.ThrowsAsync<AppendOutcomeUnknownException>(() => inFlight);
        }
        finally
        {
            await nats.Server.StopAsync(); // in case the test failed before it did
            await nats.Server.StartAsync();
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the append failed after {clock.Elapsed}");
    }

    [Fact]
    public async Task a_retry_after_nats_restarts_is_still_a_duplicate()
    {
        var stream = NatsFixture.NewStream();
        await using var log = await nats.OpenLogAsync(stream);
        var first = await log.AppendAsync(Batch(Event("k1", "pump"), Event("k2", "pump")));
        await nats.Server.StopAsync();
        await nats.Server.StartAsync();

        IReadOnlyList<AppendResult>? again = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                again = await log.AppendAsync(Batch(Event("k2", "pump")));
                return true;
            }
            catch (StorageUnavailableException)
            {
                return false;
            }
        });
        await using var reopened = await nats.OpenLogAsync(stream);
        var throughNewLog = await reopened.AppendAsync(Batch(Event("k1", "pump"), Event("k2", "pump")));

        Assert.Equal([new AppendResult(first[1].Position, true)], again);
        Assert.Equal(first.Select(r => r with { Duplicate = true }), throughNewLog);
        Assert.Equal(2, await reopened.CountAsync());
    }

    private static async Task<bool> FailsAsUnavailableAsync(Func<Task> call)
    {
        try
        {
            await call();
            return false;
        }
        catch (StorageUnavailableException)
        {
            return true;
        }
        catch (AppendOutcomeUnknownException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < Recovery, $"not within {Recovery.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
