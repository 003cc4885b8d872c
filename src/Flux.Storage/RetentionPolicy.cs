using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Storage;

/// <summary>
/// How long the log keeps events (docs/api.md §13, §14: FLUX_EVENT_RETENTION_DAYS / _BYTES, 0 = keep).
/// Pruning removes the oldest events first; entity state never depends on the pruned events.
/// </summary>
/// <param name="MaxAgeDays">Events accepted more than this many days ago are removed; 0 keeps them.</param>
/// <param name="MaxBytes">The oldest events are removed while the log holds more than this; 0 = unlimited.</param>
public sealed record RetentionPolicy(double MaxAgeDays, long MaxBytes);

/// <summary>The configured <see cref="RetentionPolicy"/>, for whichever log the profile uses.</summary>
public sealed class RetentionOptions
{
    [ConfigurationKeyName("FLUX_EVENT_RETENTION_DAYS")]
    public int MaxAgeDays { get; set; } = 7;

    [ConfigurationKeyName("FLUX_EVENT_RETENTION_BYTES")]
    public long MaxBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    public RetentionPolicy Policy => new(MaxAgeDays, MaxBytes);
}

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) => new ValidateOptionsResultBuilder()
        .WholeNumber("FLUX_EVENT_RETENTION_DAYS", options.MaxAgeDays, 0)
        .WholeNumber("FLUX_EVENT_RETENTION_BYTES", options.MaxBytes, 0)
        .Build();
}
