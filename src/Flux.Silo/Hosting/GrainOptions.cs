using Flux.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Silo.Hosting;

/// <summary>How long grains stay in memory, and how often the directory grain recomputes (docs/api.md §12).</summary>
public sealed class GrainOptions
{
    /// <summary>A grain not called for this long is deactivated: its memory is freed, its state is durable.</summary>
    [ConfigurationKeyName("FLUX_GRAIN_IDLE_SECONDS")]
    public double IdleSeconds { get; set; } = 600;

    /// <summary>How often <c>flux-core/directory</c> is recomputed.</summary>
    [ConfigurationKeyName("FLUX_DIRECTORY_REFRESH_SECONDS")]
    public double DirectoryRefreshSeconds { get; set; } = 10;

    public TimeSpan IdleTimeout => TimeSpan.FromSeconds(IdleSeconds);
    public TimeSpan DirectoryRefreshInterval => TimeSpan.FromSeconds(DirectoryRefreshSeconds);
}

public sealed class GrainOptionsValidator : IValidateOptions<GrainOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainOptions options) => new ValidateOptionsResultBuilder()
        .Seconds("FLUX_GRAIN_IDLE_SECONDS", options.IdleSeconds)
        .Seconds("FLUX_DIRECTORY_REFRESH_SECONDS", options.DirectoryRefreshSeconds)
        .Build();
}

public static class GrainCollection
{
    /// <summary>How often idle grains are looked for, at most; Orleans needs it below the idle time.</summary>
    private static readonly TimeSpan MaxCollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>Idle grains are deactivated after FLUX_GRAIN_IDLE_SECONDS, and shed under memory pressure.</summary>
    public static ISiloBuilder AddGrainCollection(this ISiloBuilder silo)
    {
        silo.Services.AddSettings<GrainOptions, GrainOptionsValidator>();
        silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<GrainOptions>>((collection, grains) =>
        {
            var idle = grains.Value.IdleTimeout;
            collection.CollectionAge = idle;
            collection.CollectionQuantum = TimeSpan.FromTicks(Math.Min(MaxCollectionQuantum.Ticks, idle.Ticks / 2));
            // Orleans has no count cap: under memory pressure it deactivates the longest-idle grains until the
            // process is back under its target share of the memory it may use (docs/architecture.md §4, memory).
            collection.EnableActivationSheddingOnMemoryPressure = true;
        });
        return silo;
    }
}
