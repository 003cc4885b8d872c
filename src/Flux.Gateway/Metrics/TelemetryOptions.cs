using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Metrics;

/// <summary>OpenTelemetry in a Flux process: <c>/metrics</c>, and traces and metrics over OTLP (docs/api.md §6.11).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Off: no OpenTelemetry at all, so no <c>/metrics</c> and no OTLP export (what it costs is measured against this).</summary>
    [ConfigurationKeyName("FLUX_TELEMETRY_ENABLED")]
    public bool Enabled { get; set; } = true;
}

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    // A switch has no range: a value that is not one stops start-up when it is bound (Settings).
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) => ValidateOptionsResult.Success;
}
