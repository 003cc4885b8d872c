using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

/// <summary>
/// The limits an admin can change at run time (docs/api.md §6.9). Configuration sets their values at start-up;
/// <see cref="RuntimeLimitsStore"/> holds the current ones, in memory only.
/// </summary>
public sealed record RuntimeLimits
{
    [ConfigurationKeyName("FLUX_RATE_LIMIT_ENABLED")]
    public bool RateLimitEnabled { get; init; } = true;

    [ConfigurationKeyName("FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE")]
    public long RateLimitPerNamespacePerMinute { get; init; } = 10_000;

    [ConfigurationKeyName("FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES")]
    public long BodySizeLimitSingleBytes { get; init; } = 1_048_576;

    [ConfigurationKeyName("FLUX_BODY_SIZE_LIMIT_BATCH_BYTES")]
    public long BodySizeLimitBatchBytes { get; init; } = 10_485_760;
}

public sealed class RuntimeLimitsValidator : IValidateOptions<RuntimeLimits>
{
    public ValidateOptionsResult Validate(string? name, RuntimeLimits options) => new ValidateOptionsResultBuilder()
        .WholeNumber("FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE", options.RateLimitPerNamespacePerMinute, 1)
        .WholeNumber("FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES", options.BodySizeLimitSingleBytes, 1)
        .WholeNumber("FLUX_BODY_SIZE_LIMIT_BATCH_BYTES", options.BodySizeLimitBatchBytes, 1)
        .Build();
}
