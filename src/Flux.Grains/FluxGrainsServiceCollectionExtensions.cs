using Flux.Contract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flux.Grains;

public static class FluxGrainsServiceCollectionExtensions
{
    /// <summary>
    /// What Flux's grains need in a silo besides storage: the clock, the event id generator (tombstones) and
    /// the append's telemetry.
    /// Orleans finds the grain classes themselves in this assembly.
    /// </summary>
    public static IServiceCollection AddFluxGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventIdGenerator>();
        services.AddMetrics();
        services.TryAddSingleton<AppendTelemetry>();
        return services;
    }
}
