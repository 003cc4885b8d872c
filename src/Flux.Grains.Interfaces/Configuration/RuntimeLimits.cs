using Microsoft.Extensions.Configuration;

namespace Flux.Grains.Interfaces;

/// <summary>
/// The limits an admin can change at run time (docs/api.md §6.9). Configuration sets their values at start-up; a
/// <c>PUT /api/admin/config</c> changes them in memory, for the one process (embedded) or the whole cluster
/// (<see cref="IRuntimeLimitsGrain"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("flux.RuntimeLimits")]
public sealed record RuntimeLimits
{
    [Id(0), ConfigurationKeyName("FLUX_RATE_LIMIT_ENABLED")]
    public bool RateLimitEnabled { get; init; } = true;

    [Id(1), ConfigurationKeyName("FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE")]
    public long RateLimitPerNamespacePerMinute { get; init; } = 10_000;

    [Id(2), ConfigurationKeyName("FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES")]
    public long BodySizeLimitSingleBytes { get; init; } = 1_048_576;

    [Id(3), ConfigurationKeyName("FLUX_BODY_SIZE_LIMIT_BATCH_BYTES")]
    public long BodySizeLimitBatchBytes { get; init; } = 10_485_760;
}

/// <summary>What a <c>PUT /api/admin/config</c> changes: any subset of the limits; null leaves one as it is.</summary>
[GenerateSerializer, Immutable, Alias("flux.RuntimeLimitsChange")]
public sealed record RuntimeLimitsChange(
    [property: Id(0)] bool? RateLimitEnabled,
    [property: Id(1)] long? RateLimitPerNamespacePerMinute,
    [property: Id(2)] long? BodySizeLimitSingleBytes,
    [property: Id(3)] long? BodySizeLimitBatchBytes)
{
    public RuntimeLimits ApplyTo(RuntimeLimits current) => current with
    {
        RateLimitEnabled = RateLimitEnabled ?? current.RateLimitEnabled,
        RateLimitPerNamespacePerMinute = RateLimitPerNamespacePerMinute ?? current.RateLimitPerNamespacePerMinute,
        BodySizeLimitSingleBytes = BodySizeLimitSingleBytes ?? current.BodySizeLimitSingleBytes,
        BodySizeLimitBatchBytes = BodySizeLimitBatchBytes ?? current.BodySizeLimitBatchBytes,
    };
}

/// <summary>The cluster's limits as one change left them; a later change has a larger <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("flux.SharedRuntimeLimits")]
public sealed record SharedRuntimeLimits([property: Id(0)] long Version, [property: Id(1)] RuntimeLimits Limits);

/// <summary>
/// The cluster's runtime limits (docs/api.md §6.9), in memory like the embedded server's: this grain holds the
/// newest, and every gateway and silo a copy it syncs every half second. A change made through any gateway is
/// applied by every process within a second. If the grain's silo goes away, the next process to sync hands the
/// new activation the copy it holds, so the limits are lost only when every process has restarted.
/// </summary>
[Alias("flux.IRuntimeLimitsGrain")]
public interface IRuntimeLimitsGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>
    /// Applies <paramref name="change"/> to the cluster's limits, or to <paramref name="known"/> (the caller's copy)
    /// when this activation holds none yet; answers the result.
    /// </summary>
    [Alias("Change")]
    Task<SharedRuntimeLimits> ChangeAsync(SharedRuntimeLimits known, RuntimeLimitsChange change);

    /// <summary>
    /// Answers the cluster's limits, after adopting <paramref name="known"/> if it is newer than what this activation
    /// holds; null while no change was ever made (every process keeps its configuration).
    /// </summary>
    [Alias("Sync")]
    Task<SharedRuntimeLimits?> SyncAsync(SharedRuntimeLimits? known);
}
