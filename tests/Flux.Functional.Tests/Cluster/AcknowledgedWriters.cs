using System.Diagnostics;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// Load for tests that break a process of the cluster: one writer per entity setting increasing values through a
/// gateway, recording which writes were acknowledged. A 503 is not an acknowledgement: such a write may or may
/// not have been stored (its outcome was unknown), so only acknowledged values must be in the log. Any other
/// answer fails the writer. The pause between a writer's acknowledged writes keeps every entity's log within one
/// history page (500 events) for as long as the test runs.
/// </summary>
internal sealed class AcknowledgedWriters
{
    private const int AcksAfterRecovery = 3;

    private readonly Dictionary<string, List<int>> _acknowledged = [];
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _writers;
    private long _longestRefusalTicks;
    private int _refusals;

    private readonly TimeSpan _pause;

    private AcknowledgedWriters(FluxApi api, string prefix, int entities, TimeSpan pause)
    {
        _pause = pause;
        for (var e = 0; e < entities; e++)
            _acknowledged[$"{prefix}-{e}"] = [];
        _writers = [.. _acknowledged.Keys.Select(id => WriteAsync(api, id))];
    }

    public static AcknowledgedWriters Start(FluxApi api, string prefix, int entities = 20, TimeSpan? pause = null) =>
        new(api, prefix, entities, pause ?? TimeSpan.FromMilliseconds(20));

    /// <summary>Two silos and a gateway, with writers that have had three writes to each of their entities acknowledged.</summary>
    public static async Task<(FluxCluster, AcknowledgedWriters)> StartClusterUnderLoadAsync(string prefix, TimeSpan within, TimeSpan? pause = null)
    {
        var cluster = await FluxCluster.StartAsync(silos: 2, gateways: 1);
        try
        {
            var writers = Start(cluster.Gateways[0].Api, prefix, pause: pause);
            await writers.WaitUntilEveryEntityHasAsync(3, within);
            return (cluster, writers);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many writes were acknowledged, of all entities.</summary>
    public int Acknowledged
    {
        get
        {
            lock (_acknowledged)
                return _acknowledged.Values.Sum(values => values.Count);
        }
    }

    /// <summary>How many writes were answered 503.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>The longest any write took to be refused.</summary>
    public TimeSpan LongestRefusal => TimeSpan.FromTicks(Interlocked.Read(ref _longestRefusalTicks));

    public Task WaitUntilEveryEntityHasAsync(int acknowledgedWrites, TimeSpan within) =>
        Eventually.HoldsAsync(() => Task.FromResult(FewestAcknowledged()), n => n >= acknowledgedWrites, within,
            $"{acknowledgedWrites} acknowledged writes to every entity");

    /// <summary>
    /// The fault is over: each writer stops once three writes it sent from now on were acknowledged, which proves
    /// its entity serves writes again by itself (for a killed silo's grains: re-activated on a survivor).
    /// </summary>
    public Task RecoveredAsync(TimeSpan within)
    {
        _recovered.TrySetResult();
        return Task.WhenAll(_writers).WaitAsync(within);
    }

    /// <summary>Every acknowledged value is in the entity's log, and its state is the last acknowledged value, the log's newest.</summary>
    public async Task AssertNothingAcknowledgedWasLostAsync(FluxApi api)
    {
        foreach (var (id, values) in _acknowledged)
        {
            var logged = (await api.HistoryOkAsync(id, "&limit=500"))
                .Select(e => e.GetProperty("payload").GetProperty("properties").GetProperty("n").GetInt32()).ToList();
            Assert.True(logged.Count < 500, $"{id} has {logged.Count} events, more than one history page shows");
            Assert.Empty(values.Except(logged));
            var state = (await api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("n").GetInt32();
            Assert.Equal(values[^1], state);
            Assert.Equal(logged[0], state);
        }
    }

    private async Task WriteAsync(FluxApi api, string id)
    {
        await Task.Yield();
        for (int n = 1, afterRecovery = 0; afterRecovery < AcksAfterRecovery; n++)
        {
            var sentAfterRecovery = _recovered.Task.IsCompleted;
            var clock = Stopwatch.StartNew();
            var response = await api.PublishAsync(id, FluxApi.Props("n", n));
            if (response.Status == 200)
            {
                lock (_acknowledged)
                    _acknowledged[id].Add(n);
                afterRecovery += sentAfterRecovery ? 1 : 0;
                await Task.Delay(_pause);
            }
            else
            {
                Assert.True(response.Status == 503, $"a write answered {response.Status}: {response}");
                Assert.Equal("1", response.Header("Retry-After"));
                Interlocked.Increment(ref _refusals);
                InterlockedMax(ref _longestRefusalTicks, clock.Elapsed.Ticks);
                await Task.Delay(250);
            }
        }
    }

    private int FewestAcknowledged()
    {
        lock (_acknowledged)
            return _acknowledged.Values.Min(values => values.Count);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
    }
}
