using Flux.Configuration;
using Microsoft.Extensions.Options;

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
