using System.Diagnostics;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// A dependency of the cluster that goes away: requests get a fast 503 with a reason and Retry-After, never a
/// hang, and service resumes by itself when it returns; nothing acknowledged is lost. Each test has a cluster
/// of its own, since it breaks it.
/// </summary>
public sealed class ClusterOutageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>What a client may wait for an answer while a dependency is down: the log's request timeout and some.</summary>
    private static readonly TimeSpan FastAnswer = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task while_nats_is_down_writes_answer_503_quickly_and_resume_by_themselves()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1);
        var api = cluster.Gateways[0].Api;
        await api.PublishOkAsync("outage/pump", FluxApi.Props("rpm", 1));

        await cluster.Nats.StopAsync();
        var clock = Stopwatch.StartNew();
        var refused = await api.PublishAsync("outage/pump", FluxApi.Props("rpm", 2));
        Assert.True(clock.Elapsed < FastAnswer, $"the refusal took {clock.Elapsed}");
        Expect.Error(refused, 503);
        Assert.Equal("1", refused.Header("Retry-After"));

        await cluster.Nats.StartAsync();
        await Eventually.HoldsAsync(() => api.PublishAsync("outage/pump", FluxApi.Props("rpm", 3)), r => r.Status == 200, Wait, "a write after NATS returned");
        var pump = await api.GetEntityOkAsync("outage/pump");
        Assert.Equal(3, pump.GetProperty("properties").GetProperty("rpm").GetInt32());
    }

    [Fact]
    public async Task while_postgresql_is_down_listing_answers_503_quickly_writes_go_on_and_the_index_catches_up()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1);
        var api = cluster.Gateways[0].Api;
        await api.PublishOkAsync("pg/boiler", FluxApi.Props("bar", 1));
        await Eventually.HoldsAsync(() => api.ListIdsAsync("?prefix=pg/"), ids => ids.Contains("pg/boiler"), Wait, "the entity listed");

        await cluster.Postgres.StopAsync();
        var clock = Stopwatch.StartNew();
        var refused = await api.ListAsync("?prefix=pg/");
        Assert.True(clock.Elapsed < FastAnswer, $"the refusal took {clock.Elapsed}");
        Expect.Error(refused, 503);
        // The entity's grain is active and its log is up: writes need no PostgreSQL, the index takes them later.
        await api.PublishOkAsync("pg/boiler", FluxApi.Props("bar", 2));

        await cluster.Postgres.StartAsync();
        await Eventually.HoldsAsync(() => api.ListAsync("?prefix=pg/"), r => r.Status == 200 && r.Body.Contains("\"bar\":2", StringComparison.Ordinal),
            Wait, "the index caught up with the write made while PostgreSQL was down");
    }

    [Fact]
    public async Task a_silo_killed_under_load_loses_no_acknowledged_event()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 2, gateways: 1);
        var api = cluster.Gateways[0].Api;
        const int entities = 20;
        var acknowledged = new Dictionary<string, List<int>>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each writer sets increasing values on its entity until three writes sent after the kill are acknowledged,
        // which for the grains the killed silo held means they re-activated on the survivor. A 503 is not an
        // acknowledgement: such a write may or may not have been stored (its outcome was unknown), so only
        // acknowledged values must be in the log. The pauses keep every entity's log within one history page.
        var writers = Enumerable.Range(0, entities).Select(async e =>
        {
            var id = $"kill/meter-{e}";
            lock (acknowledged)
                acknowledged[id] = [];
            for (int n = 1, afterKill = 0; afterKill < 3; n++)
            {
                var sentAfterKill = killed.Task.IsCompleted;
                var response = await api.PublishAsync(id, FluxApi.Props("n", n));
                if (response.Status == 200)
                {
                    lock (acknowledged)
                        acknowledged[id].Add(n);
                    afterKill += sentAfterKill ? 1 : 0;
                    await Task.Delay(20);
                }
                else
                {
                    Assert.True(response.Status == 503, $"a write answered {response.Status}: {response}");
                    await Task.Delay(250);
                }
            }
        }).ToList();

        await Eventually.HoldsAsync(() => Task.FromResult(CountLeast(acknowledged)), n => n >= 3, Wait, "three writes to every entity before the kill");
        await cluster.Silos[1].CrashAsync();
        killed.SetResult();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(90));

        foreach (var (id, values) in acknowledged)
        {
            var logged = (await api.HistoryOkAsync(id, "&limit=500"))
                .Select(e => e.GetProperty("payload").GetProperty("properties").GetProperty("n").GetInt32()).ToList();
            Assert.True(logged.Count < 500, $"{id} has {logged.Count} events, more than one history page shows");
            Assert.Empty(values.Except(logged));
            // The last write of each entity was acknowledged, so the state is its value and the log's newest.
            var state = (await api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("n").GetInt32();
            Assert.Equal(values[^1], state);
            Assert.Equal(logged[0], state);
        }
    }

    /// <summary>The fewest acknowledged writes of any entity.</summary>
    private static int CountLeast(Dictionary<string, List<int>> acknowledged)
    {
        lock (acknowledged)
            return acknowledged.Values.Min(values => values.Count);
    }
}
