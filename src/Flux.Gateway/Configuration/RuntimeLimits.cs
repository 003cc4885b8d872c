namespace Flux.Gateway.Configuration;

/// <summary>The limits an admin can change at run time (docs/api.md §6.9); held in memory only.</summary>
public sealed record RuntimeLimits(
    bool RateLimitEnabled,
    long RateLimitPerNamespacePerMinute,
    long BodySizeLimitSingleBytes,
    long BodySizeLimitBatchBytes)
{
    public static readonly RuntimeLimits Default = new(true, 10_000, 1_048_576, 10_485_760);
}
