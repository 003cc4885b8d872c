using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// Runtime limits are the cluster's (docs/api.md §6.9): a <c>PUT /api/admin/config</c> through one gateway is what
/// every gateway answers and applies, and it stays while any process holds it, even once every silo has restarted.
/// </summary>
public sealed class ClusterRuntimeLimitsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static Task<ApiResponse> LimitAppliedAsync(FluxApi gateway, long singleBytes) =>
        Eventually.HoldsAsync(gateway.GetConfigAsync, r => r.Status == 200 && r.Json.GetProperty("body_size_limit_single_bytes").GetInt64() == singleBytes,
            Wait, $"{gateway.BaseAddress} answering a single-event limit of {singleBytes} bytes");

    /// <summary>A publish of about 3 KB: within the default limit, over a limit of 2,048 bytes.</summary>
    private static Task<ApiResponse> PublishThreeKilobytesAsync(FluxApi gateway) =>
        gateway.PublishAsync(Ids.Unique("limits/big"), FluxApi.Props("text", new string('x', 3000)));

    [Fact]
    public async Task a_limit_changed_through_one_gateway_applies_on_every_gateway_and_outlives_a_restart_of_every_silo()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 2, gateways: 2, sharedServers: true);
        var (first, second) = (cluster.Gateways[0].Api, cluster.Gateways[1].Api);
        Expect.Ok(await PublishThreeKilobytesAsync(second));

        var changed = await first.PutConfigAsync("""{"body_size_limit_single_bytes":2048}""");
        Assert.Equal(2048, changed.Json.GetProperty("body_size_limit_single_bytes").GetInt64());
        Assert.Equal(2048, (await first.GetConfigAsync()).Json.GetProperty("body_size_limit_single_bytes").GetInt64());
        await LimitAppliedAsync(second, 2048);
        Assert.Equal(413, (await PublishThreeKilobytesAsync(second)).Status);

        // Every silo that could hold the limits' grain restarts; the gateways hand the new activation their copy.
        foreach (var silo in cluster.Silos)
        {
            Assert.Equal(0, await silo.StopAsync());
            await silo.LaunchAsync(waitUntilReady: true);
        }
        await using var late = await FluxServer.StartAsync(cluster.Environment, binary: ServerBinary.Gateway);
        await LimitAppliedAsync(late.Api, 2048);
        Assert.Equal(413, (await PublishThreeKilobytesAsync(late.Api)).Status);
        Assert.Equal(10485760, (await late.Api.GetConfigAsync()).Json.GetProperty("body_size_limit_batch_bytes").GetInt64());
    }
}
