using Flux.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flux.Runtime.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task deactivate_all_deactivates_every_activation_after_its_in_flight_calls()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await harness.Grain("a").GetActivationAsync();
        await harness.Grain("b").GetActivationAsync();
        var running = harness.Grain("c").WriteAsync(gate.Task);
        var queued = harness.Grain("c").AppendAsync(1);

        var shutdown = harness.Runtime.DeactivateAllAsync(CancellationToken.None);
        await RuntimeHarness.Eventually(() => harness.Probe.Deactivations.Count == 2, "idle ones to go");
        await RuntimeHarness.Settle();
        Assert.False(shutdown.IsCompleted);
        Assert.DoesNotContain("deactivating c #3", harness.Probe.Events);

        gate.SetResult();
        await shutdown;

        Assert.Equal(3, await running);
        Assert.Equal(1, await queued); // accepted before shutdown, so it ran on the old activation
        Assert.Equal(["a", "b", "c"], harness.Probe.Deactivations.Select(d => d.Key).Order());
        Assert.All(harness.Probe.Deactivations, d => Assert.Equal(DeactivationReason.ShuttingDown, d.Reason));
        Assert.Equal(0, harness.Runtime.ActivationCount);
        var events = harness.Probe.Events.ToList();
        Assert.True(events.IndexOf("write-exit c") < events.IndexOf("deactivating c #3"));
    }

    [Fact]
    public async Task stopping_the_host_deactivates_every_activation()
    {
        var (host, probe, _) = StartHost();
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        await factory.GetGrain<IProbeGrain>("a").GetActivationAsync();
        await factory.GetGrain<IProbeGrain>("b").GetActivationAsync();

        await host.StopAsync();
        host.Dispose();

        Assert.Equal(
            [("a", DeactivationReason.ShuttingDown), ("b", DeactivationReason.ShuttingDown)],
            probe.Deactivations.Select(d => (d.Key, d.Reason)).Order());
    }

    [Fact]
    public async Task the_hosted_collector_runs_every_collection_interval()
    {
        var (host, probe, time) = StartHost(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(1);
            o.CollectionInterval = TimeSpan.FromSeconds(30);
        });
        var statistics = host.Services.GetRequiredService<IGrainRuntimeStatistics>();
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("a").GetActivationAsync();

        time.Advance(TimeSpan.FromSeconds(30));
        await RuntimeHarness.Settle();
        Assert.Equal(1, statistics.ActivationCount);
        time.Advance(TimeSpan.FromSeconds(60));
        await RuntimeHarness.Eventually(() => statistics.ActivationCount == 0, "the collector to run");

        Assert.Equal([("a", 1, DeactivationReason.IdleCollected)], probe.Deactivations.ToArray());
        await host.StopAsync();
        host.Dispose();
    }

    [Fact]
    public void invalid_options_fail_the_host_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGrainRuntime(o => o.CollectionInterval = TimeSpan.Zero);
        using var host = builder.Build();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync().GetAwaiter().GetResult());
        Assert.Contains(nameof(GrainRuntimeOptions.CollectionInterval), error.Message, StringComparison.Ordinal);
    }

    private static (IHost Host, Probe Probe, ManualTimeProvider Time) StartHost(Action<GrainRuntimeOptions>? configure = null)
    {
        var probe = new Probe();
        var time = new ManualTimeProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(probe);
        builder.Services.AddGrainRuntime(configure)
            .AddGrain<IProbeGrain, ProbeGrain>("probe", (id, dispatcher) => new ProbeGrainReference(id, dispatcher));
        var host = builder.Build();
        host.Start();
        return (host, probe, time);
    }
}
