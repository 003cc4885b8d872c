namespace Flux.Storage.Sqlite;

/// <summary>
/// How long the log keeps events (docs/api.md §13, §14: FLUX_EVENT_RETENTION_DAYS / _BYTES, 0 = keep).
/// Pruning removes the oldest events first; entity rows keep the state they produced.
/// </summary>
/// <param name="MaxAgeDays">Events accepted more than this many days ago are removed; 0 keeps them.</param>
/// <param name="MaxBytes">The oldest events are removed while the envelopes total more than this; 0 = unlimited.</param>
public sealed record RetentionPolicy(double MaxAgeDays, long MaxBytes)
{
    public static RetentionPolicy Default { get; } = new(7, 10L * 1024 * 1024 * 1024);
}
