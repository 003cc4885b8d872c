using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Cluster;

/// <summary>Limits only the cluster has: what its log's server takes (docs/api.md §13).</summary>
public sealed class ClusterLimitTests
{
    [Fact]
    public async Task events_larger_than_the_nats_servers_max_payload_answer_413_naming_the_limit_and_store_nothing()
    {
        // The events of one request for one entity are one message; a server taking 64 KiB cannot store 100 KiB.
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1, natsMaxPayload: "64KB");
        var api = cluster.Gateways[0].Api;
        await api.PublishOkAsync("big/tank", FluxApi.Props("level", 1));

        var refused = await api.PublishAsync("big/tank", FluxApi.Props("manual", new string('x', 100 * 1024)));

        Assert.Matches(@"^the events take \d+ bytes in the log, which stores at most \d+ bytes per request and entity; send smaller events$",
            Expect.Error(refused, 413));
        Assert.Single(await api.HistoryOkAsync("big/tank"));
        await api.PublishOkAsync("big/tank", FluxApi.Props("level", 2));
        Assert.Equal(2, (await api.GetEntityOkAsync("big/tank")).GetProperty("properties").GetProperty("level").GetInt32());
    }
}
