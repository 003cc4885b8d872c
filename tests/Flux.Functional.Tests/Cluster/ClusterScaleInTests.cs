using System.Diagnostics;
using Xunit.Abstractions;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// Silos leaving on purpose (scale-in, a rolling deploy): SIGTERM makes a silo deactivate its grains, leave
/// Orleans' membership and exit 0; its entities come back on the other silo at their next call. Writers see only
/// 200s and retryable 503s meanwhile, and nothing acknowledged is lost. Each test has a cluster of its own.
/// </summary>
public sealed class ClusterScaleInTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>What a draining silo may take, measured at 0.8–1.6 s under load on two shared cores; Kubernetes' default grace period is 30 s.</summary>
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task a_silo_sent_sigterm_under_load_exits_0_within_the_drain_bound_and_its_entities_write_again_on_the_other_with_nothing_lost()
    {
        var (cluster, writers) = await AcknowledgedWriters.StartClusterUnderLoadAsync("drain/meter", Wait);
        await using var _ = cluster;

        var clock = Stopwatch.StartNew();
        var code = await cluster.Silos[1].StopAsync();
        var drained = clock.Elapsed;
        // A silo that left the membership table needs no failure detection: its grains move at their next call.
        await writers.RecoveredAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"drained and exited in {drained.TotalSeconds:0.00} s; every entity wrote again {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM; {writers.Refusals} writes answered 503");

        Assert.Equal(0, code);
        Assert.True(drained < DrainBound, $"the silo took {drained} to drain and exit");
        await writers.AssertNothingAcknowledgedWasLostAsync(cluster.Gateways[0].Api);
    }

    [Fact]
    public async Task a_rolling_restart_of_every_silo_under_load_answers_only_200s_and_retryable_503s_and_loses_nothing()
    {
        // Two restarts take a minute or so here: writers pause longer, so every entity's log stays within a history page.
        var (cluster, writers) = await AcknowledgedWriters.StartClusterUnderLoadAsync("rolling/meter", Wait, pause: TimeSpan.FromMilliseconds(150));
        await using var _ = cluster;
        var api = cluster.Gateways[0].Api;

        foreach (var silo in cluster.Silos)
        {
            var before = writers.Acknowledged;
            var clock = Stopwatch.StartNew();
            Assert.Equal(0, await silo.StopAsync());
            var stopped = clock.Elapsed;
            await silo.LaunchAsync(waitUntilReady: true);
            output.WriteLine($"{silo}: drained and exited in {stopped.TotalSeconds:0.00} s, ready again {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM; {writers.Refusals} writes answered 503 so far");
            await Eventually.HoldsAsync(() => Task.FromResult(writers.Acknowledged), n => n >= before + 20, Wait,
                "writes acknowledged after the silo came back");
        }
        await writers.RecoveredAsync(Wait);

        await writers.AssertNothingAcknowledgedWasLostAsync(api);
    }
}
