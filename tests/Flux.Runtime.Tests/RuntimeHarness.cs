using Flux.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Flux.Runtime.Tests;

/// <summary>A service provider with the grain runtime, the probe grain and a fake clock.</summary>
public sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RuntimeHarness(Action<GrainRuntimeOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Probe);
        services.AddGrainRuntime(configure)
            .AddGrain<IProbeGrain, ProbeGrain>("probe", (id, dispatcher) => new ProbeGrainReference(id, dispatcher));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Runtime = _services.GetRequiredService<GrainRuntime>();
        Factory = _services.GetRequiredService<IGrainFactory>();
    }

    public ManualTimeProvider Time { get; } = new();

    public Probe Probe { get; } = new();

    public GrainRuntime Runtime { get; }

    public IGrainFactory Factory { get; }

    public IProbeGrain Grain(string key) => Factory.GetGrain<IProbeGrain>(key);

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Waits (in real time) until <paramref name="condition"/> holds.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(5);
        }
    }

    /// <summary>Gives queued work a moment to run (wrongly) before asserting it did not.</summary>
    public static Task Settle() => Task.Delay(100);
}
