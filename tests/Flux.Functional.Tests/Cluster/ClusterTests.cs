using Flux.Functional.Tests.Hosting;

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
}
