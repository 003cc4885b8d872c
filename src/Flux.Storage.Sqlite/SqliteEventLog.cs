using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>The event log of the embedded profile: appends through the group-commit writer, reads on pooled connections.</summary>
public sealed class SqliteEventLog : IEventLog
{
    private const int ReplayPageSize = 512;

    private static readonly Task<IReadOnlyList<AppendResult>> NothingAppended =
        Task.FromResult<IReadOnlyList<AppendResult>>([]);

    private readonly EmbeddedStorage _storage;
    private readonly LogPruning _pruning;

    internal SqliteEventLog(EmbeddedStorage storage, TimeProvider timeProvider)
    {
        _storage = storage;
        _pruning = new LogPruning(storage, timeProvider);
    }

    /// <summary>
    /// Queues the batch for the next group commit; completes once it is fsynced. Cancellation is honoured
    /// only before the batch is queued: after that it is committed or failed, never left in doubt.
    /// </summary>
    public Task<IReadOnlyList<AppendResult>> AppendAsync(AppendBatch batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Events.Count == 0)
        {
            return NothingAppended;
        }

        var request = new AppendRequest(batch, _storage.Changes);
        _storage.Writer.Enqueue(request);
        return request.Task;
    }

    /// <summary>
    /// Walks the entity's chain back to <paramref name="afterPosition"/> for the positions, then reads the
    /// events forward a page at a time, so a slow consumer never holds a read transaction open.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> ReadEntityAsync(
        string entityId, long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var positions = ChainPositions(entityId, afterPosition);
        for (var offset = 0; offset < positions.Count; offset += ReplayPageSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var stored in ReadAt(entityId, positions, offset, Math.Min(ReplayPageSize, positions.Count - offset)))
            {
                yield return stored;
            }

            await Task.Yield();
        }
    }

    /// <summary>
    /// The chain walked back from the newest event while events qualify: history is newest first, and
    /// acceptance times only grow along one entity's events, so the first one before <c>since</c> ends it.
    /// </summary>
    public Task<IReadOnlyList<StoredEvent>> ReadHistoryAsync(string entityId, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE chain(position) AS (
                SELECT head FROM entities WHERE id = $entity
                UNION ALL
                SELECT events.previous FROM chain JOIN events ON events.position = chain.position
                WHERE events.entity_id = $entity AND events.accepted_at >= $since AND events.previous IS NOT NULL
                LIMIT $limit)
            SELECT events.position, event_id, entity_id, source, accepted_at, envelope
            FROM chain JOIN events ON events.position = chain.position
            WHERE events.entity_id = $entity AND events.accepted_at >= $since
            ORDER BY events.position DESC
            """;
        SqliteRows.AddText(command, "$entity", entityId);
        command.Parameters.AddWithValue("$since", UnixMicroseconds.From(since));
        command.Parameters.AddWithValue("$limit", Math.Max(limit, 0));
        return Task.FromResult<IReadOnlyList<StoredEvent>>(ReadEvents(command));
    }

    /// <summary>This process is the log's only writer (the store holds the data directory's lock), so nothing to read.</summary>
    public ValueTask<long?> SharedLastPositionAsync(string entityId, CancellationToken cancellationToken = default) => ValueTask.FromResult<long?>(null);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_storage.Writer.CommittedPosition);

    /// <summary>
    /// Removes the oldest events beyond the retention policy; returns how many were removed. Safe for state,
    /// because entity rows are written in the same commit as their events.
    /// </summary>
    public Task<long> PruneAsync(RetentionPolicy policy, CancellationToken cancellationToken = default) =>
        _pruning.RunAsync(policy, cancellationToken);

    /// <summary>The positions of the entity's events after <paramref name="afterPosition"/>, oldest first.</summary>
    private List<long> ChainPositions(string entityId, long afterPosition)
    {
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE chain(position) AS (
                SELECT head FROM entities WHERE id = $entity AND head > $after
                UNION ALL
                SELECT events.previous FROM chain JOIN events ON events.position = chain.position
                WHERE events.entity_id = $entity AND events.previous > $after)
            SELECT chain.position FROM chain JOIN events ON events.position = chain.position
            WHERE events.entity_id = $entity
            ORDER BY chain.position
            """;
        SqliteRows.AddText(command, "$entity", entityId);
        command.Parameters.AddWithValue("$after", afterPosition);
        var positions = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }

    /// <summary>The events at <paramref name="count"/> of the positions from <paramref name="offset"/>, skipping any pruned meanwhile.</summary>
    private List<StoredEvent> ReadAt(string entityId, List<long> positions, int offset, int count)
    {
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, event_id, entity_id, source, accepted_at, envelope FROM events
            WHERE position = $position AND entity_id = $entity
            """;
        SqliteRows.AddText(command, "$entity", entityId);
        var position = command.Parameters.Add("$position", SqliteType.Integer);
        var events = new List<StoredEvent>(count);
        for (var i = offset; i < offset + count; i++)
        {
            position.Value = positions[i];
            events.AddRange(ReadEvents(command));
        }

        return events;
    }

    private static List<StoredEvent> ReadEvents(SqliteCommand command)
    {
        var events = new List<StoredEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0),
                new EventRecord(
                    SqliteRows.Text(reader, 1),
                    SqliteRows.NullableText(reader, 2),
                    SqliteRows.Text(reader, 3),
                    SqliteRows.Time(reader, 4),
                    SqliteRows.Bytes(reader, 5))));
        }

        return events;
    }
}
