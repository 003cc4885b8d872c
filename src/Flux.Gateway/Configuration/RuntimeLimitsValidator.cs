using Flux.Configuration;
using Flux.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

public sealed class RuntimeLimitsValidator : IValidateOptions<RuntimeLimits>
{
    public ValidateOptionsResult Validate(string? name, RuntimeLimits options) => new ValidateOptionsResultBuilder()
        .WholeNumber("FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE", options.RateLimitPerNamespacePerMinute, 1)
        .WholeNumber("FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES", options.BodySizeLimitSingleBytes, 1)
        .WholeNumber("FLUX_BODY_SIZE_LIMIT_BATCH_BYTES", options.BodySizeLimitBatchBytes, 1)
        .Build();
}
