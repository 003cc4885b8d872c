using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Metrics;

/// <summary>The metrics live subscribers receive (docs/api.md §10.6, §11).</summary>
public sealed class MetricsOptions
{
    /// <summary>How often <c>metrics_update</c> is sent.</summary>
    [ConfigurationKeyName("FLUX_METRICS_INTERVAL_SECONDS")]
    public double BroadcastIntervalSeconds { get; set; } = 2;

    /// <summary>A source that published within this window counts in <c>publishers.active</c>.</summary>
    [ConfigurationKeyName("FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS")]
    public double ActivePublisherWindowSeconds { get; set; } = 10;

    public TimeSpan BroadcastInterval => TimeSpan.FromSeconds(BroadcastIntervalSeconds);
    public TimeSpan ActivePublisherWindow => TimeSpan.FromSeconds(ActivePublisherWindowSeconds);
}

public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) => new ValidateOptionsResultBuilder()
        .Seconds("FLUX_METRICS_INTERVAL_SECONDS", options.BroadcastIntervalSeconds)
        .Seconds("FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS", options.ActivePublisherWindowSeconds)
        .Build();
}
