using System.Text;
using System.Text.Json;
using Flux.Functional.Tests.Hosting;
using Flux.Storage;
using Flux.Storage.JetStream;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// The cluster profile across processes: two silos, two gateways, nats-server and PostgreSQL, all real, on
/// loopback. One cluster serves the class; each test uses entities of its own.
/// </summary>
public sealed class ClusterTests(ClusterTests.Fixture cluster) : IClassFixture<ClusterTests.Fixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public sealed class Fixture : IAsyncLifetime
    {
        public FluxCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await FluxCluster.StartAsync(silos: 2, gateways: 2);

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
    }

    private FluxApi Gateway(int index) => cluster.Cluster.Gateways[index].Api;

    [Fact]
    public async Task a_write_acknowledged_by_one_gateway_is_read_through_the_other()
    {
        for (var i = 0; i < 20; i++)
        {
            var id = $"ryw/sensor-{i}";
            await Gateway(0).PublishOkAsync(id, FluxApi.Props("reading", i));
            var entity = await Gateway(1).GetEntityOkAsync(id);
            Assert.Equal(i, entity.GetProperty("properties").GetProperty("reading").GetInt32());
        }
        await Eventually.HoldsAsync(() => Gateway(1).ListIdsAsync("?prefix=ryw/"), ids => ids.Count == 20, Wait, "the index lists all twenty");
    }

    [Fact]
    public async Task a_subscriber_on_one_gateway_receives_in_order_what_is_published_through_the_other()
    {
        await using var socket = await LiveSocket.ConnectAsync(Gateway(1).BaseAddress);
        await socket.SubscribeAsync("order/counter");
        await Gateway(0).PublishUntilSeenAsync(socket, "order/counter", Wait);
        var after = socket.Count;
        for (var i = 0; i < 50; i++)
            await Gateway(0).PublishOkAsync("order/counter", FluxApi.Props("n", i));

        var updates = await socket.WaitForCountAsync(m => Msg.IsUpdateOf(m, "order/counter", "n"), 50, Wait, "fifty updates", after);
        Assert.Equal(Enumerable.Range(0, 50), updates.Select(m => m.GetProperty("value").GetInt32()));
    }

    [Fact]
    public async Task a_deletion_through_one_gateway_reaches_subscribers_of_the_other()
    {
        await using var socket = await LiveSocket.ConnectAsync(Gateway(1).BaseAddress);
        await socket.SubscribeAsync("gone/one");
        await Gateway(0).PublishUntilSeenAsync(socket, "gone/one", Wait);
        Expect.Ok(await Gateway(0).DeleteAsync("gone/one"));

        await socket.WaitForAsync(m => Msg.IsDeletionOf(m, "gone/one"), Wait, "the deletion");
        Expect.Status(await Gateway(1).GetEntityAsync("gone/one"), 404);
    }

    [Fact]
    public async Task history_comes_from_the_log_newest_first_through_any_gateway()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add(await Gateway(i % 2).PublishOkAsync("history/valve", FluxApi.Props("open", i % 2 == 0)));

        var history = await Gateway(1).HistoryOkAsync("history/valve");
        Assert.Equal(Enumerable.Reverse(ids), history.Select(e => e.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task a_retried_event_id_is_applied_once_whichever_gateway_takes_the_retry()
    {
        var eventId = Guid.CreateVersion7().ToString();
        await Gateway(0).PublishOkAsync("retry/door", FluxApi.Props("open", true), eventId: eventId);
        await Gateway(1).PublishOkAsync("retry/door", FluxApi.Props("open", false), eventId: eventId);

        var entity = await Gateway(0).GetEntityOkAsync("retry/door");
        Assert.True(entity.GetProperty("properties").GetProperty("open").GetBoolean());
        Assert.Single(await Gateway(1).HistoryOkAsync("retry/door"));
    }

    [Fact]
    public async Task a_silo_joining_a_running_cluster_serves_its_health_on_port()
    {
        await using var silo = await FluxServer.StartAsync(cluster.Cluster.Environment, listen: ListenVia.PortVariable);
        using var ready = await silo.Http.GetAsync("readyz");
        Assert.Equal(200, (int)ready.StatusCode);
        await Gateway(0).PublishOkAsync("joined/after", FluxApi.Props("ok", true));
    }

    [Fact]
    public async Task metrics_update_on_either_gateway_counts_events_published_through_both()
    {
        await using var first = await LiveSocket.ConnectAsync(Gateway(0).BaseAddress);
        await using var second = await LiveSocket.ConnectAsync(Gateway(1).BaseAddress);
        var before = (await MetricsProbe.SettledAsync(first)).GetProperty("events").GetProperty("total").GetInt64();

        for (var i = 0; i < 3; i++)
            await Gateway(0).PublishAsync(EventJson.Event($"metrics/left-{i}", FluxApi.Props("n", i), source: "metrics-left"));
        for (var i = 0; i < 4; i++)
            await Gateway(1).PublishAsync(EventJson.Event($"metrics/right-{i}", FluxApi.Props("n", i), source: "metrics-right"));

        foreach (var after in await Task.WhenAll(MetricsProbe.SettledAsync(first), MetricsProbe.SettledAsync(second)))
        {
            Assert.Equal(before + 7, after.GetProperty("events").GetProperty("total").GetInt64());
            Assert.True(after.GetProperty("events").GetProperty("rate_per_second").GetDouble() > 0, after.GetRawText());
            Assert.True(after.GetProperty("publishers").GetProperty("active").GetInt32() >= 2, after.GetRawText());
            Assert.True(after.GetProperty("websocket").GetProperty("connections").GetInt32() >= 2, after.GetRawText());
        }
    }

    [Fact]
    public async Task every_gateway_exports_the_same_cluster_figures_on_metrics()
    {
        for (var i = 0; i < 5; i++)
            await Gateway(i % 2).PublishOkAsync($"prometheus/e{i}", FluxApi.Props("n", i));

        await Eventually.HoldsAsync(async () => (await MetricAsync(0, "flux_events_accepted_total"), await MetricAsync(1, "flux_events_accepted_total")),
            totals => totals.Item1 == totals.Item2 && totals.Item1 >= 5, Wait, "both gateways showing the same event total");
    }

    [Fact]
    public async Task the_index_lag_metric_is_exported_and_within_the_staleness_bound_after_writes()
    {
        for (var i = 0; i < 20; i++)
            await Gateway(0).PublishOkAsync($"lag/e{i}", FluxApi.Props("n", i));

        foreach (var gateway in new[] { 0, 1 })
        {
            var lag = await MetricAsync(gateway, "flux_index_lag_seconds");
            Assert.InRange(lag, 0, 2);
        }
    }

    [Fact]
    public async Task the_directory_is_the_same_through_either_gateway_and_counts_entities_published_through_both()
    {
        await Gateway(0).PublishOkAsync("dir-left/a", FluxApi.Props("n", 1));
        await Gateway(1).PublishOkAsync("dir-right/b", FluxApi.Props("n", 2));

        static bool Lists(JsonElement directory, string name) =>
            directory.GetProperty("properties").GetProperty("namespaces").EnumerateArray().Any(n => n.GetProperty("name").GetString() == name);
        foreach (var gateway in new[] { 0, 1 })
            await Eventually.HoldsAsync(() => Gateway(gateway).GetEntityOkAsync("flux-core/directory"),
                d => Lists(d, "dir-left") && Lists(d, "dir-right"), Wait, $"gateway {gateway}'s directory listing both namespaces");
        var left = await Gateway(0).GetEntityOkAsync("flux-core/directory");
        var right = await Gateway(1).GetEntityOkAsync("flux-core/directory");
        Expect.SameJson(left, right, "the directory through either gateway");
    }

    [Fact]
    public async Task an_append_from_a_stale_activation_is_refused_the_grain_reloads_and_the_log_never_interleaves()
    {
        var id = $"fence/valve-{Guid.NewGuid():N}";
        await Gateway(0).PublishOkAsync(id, FluxApi.Props("n", 1));

        // A second activation of the entity, as on a silo still believing it holds it after a membership change,
        // appends behind the back of the one serving the gateways: the log of another process, on the same stream.
        var environment = cluster.Cluster.Environment;
        var options = new JetStreamOptions { Url = environment["FLUX_NATS_URL"] };
        if (environment.TryGetValue("FLUX_NATS_STREAM", out var stream))
            options.Stream = stream;
        await using (var otherActivation = new JetStreamEventLog(options, new RetentionOptions().Policy, new NoIndex()))
        {
            await otherActivation.StartAsync();
            await otherActivation.AppendAsync(new AppendBatch([Record("from-the-other-activation", id, n: 2)]));
        }

        var stale = await Gateway(0).PublishAsync(id, FluxApi.Props("n", 3));
        Assert.Contains("reloading", Expect.Error(stale, 503), StringComparison.Ordinal);
        Assert.Equal(2, (await Gateway(1).GetEntityOkAsync(id)).GetProperty("properties").GetProperty("n").GetInt32());
        await Gateway(0).PublishOkAsync(id, FluxApi.Props("n", 4));

        var logged = (await Gateway(1).HistoryOkAsync(id))
            .Select(e => e.GetProperty("payload").GetProperty("properties").GetProperty("n").GetInt32());
        Assert.Equal([4, 2, 1], logged);
        Assert.Equal(4, (await Gateway(1).GetEntityOkAsync(id)).GetProperty("properties").GetProperty("n").GetInt32());
    }

    private static EventRecord Record(string eventId, string entityId, int n)
    {
        var envelope = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            eventId,
            stream = "fence",
            source = "other-activation",
            timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            payload = new { entity_id = entityId, properties = new { n } },
        }));
        return new EventRecord(eventId, entityId, "other-activation", DateTimeOffset.UtcNow, envelope);
    }

    private sealed class NoIndex : IEntityIndexWriter
    {
        public void Enqueue(EntitySnapshot state)
        {
        }
    }

    /// <summary>One unlabelled sample of <paramref name="name"/> from a gateway's <c>/metrics</c>.</summary>
    private async Task<double> MetricAsync(int gateway, string name)
    {
        var text = Expect.Ok(await Gateway(gateway).SendAsync(HttpMethod.Get, "metrics")).Body;
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"{name} is not on /metrics:\n{text}");
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
