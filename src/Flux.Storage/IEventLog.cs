namespace Flux.Storage;

/// <summary>The durable, ordered log of accepted events (docs/api.md §0 "the log").</summary>
public interface IEventLog
{
    /// <summary>
    /// Appends durably (on disk before the task completes); one result per event, in order. An event whose
    /// id the log already holds is not stored again: its result says Duplicate (idempotent retries, G6).
    /// </summary>
    Task<IReadOnlyList<AppendResult>> AppendAsync(AppendBatch batch, CancellationToken cancellationToken = default);

    /// <summary>The events of one entity after a position, in log order (replay on activation).</summary>
    IAsyncEnumerable<StoredEvent> ReadEntityAsync(string entityId, long afterPosition, CancellationToken cancellationToken = default);

    /// <summary>
    /// The read fence (docs/architecture.md §4, reads): the position of the entity's newest event, 0 when it has none,
    /// read so that it includes every append acknowledged before the call. It is asked only of a log that other
    /// processes append to as well (the cluster's); a log only this process writes answers null at once, since the
    /// caller's own position is then always current.
    /// </summary>
    ValueTask<long?> SharedLastPositionAsync(string entityId, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> events of one entity accepted at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadHistoryAsync(string entityId, DateTimeOffset since, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many events were ever accepted (survives restarts and retention).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}
