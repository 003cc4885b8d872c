using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>The event log of the embedded profile: appends through the group-commit writer, reads on pooled connections.</summary>
public sealed class SqliteEventLog : IEventLog
{
    private const int ReplayPageSize = 512;

    private static readonly Task<IReadOnlyList<AppendResult>> NothingAppended =
        Task.FromResult<IReadOnlyList<AppendResult>>([]);

    private readonly EmbeddedStorage storage;
    private readonly LogPruning pruning;

    internal SqliteEventLog(EmbeddedStorage storage, TimeProvider timeProvider)
    {
        this.storage = storage;
        pruning = new LogPruning(storage, timeProvider);
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

        var request = new AppendRequest(batch);
        storage.Writer.Enqueue(request);
        return request.Task;
    }

    /// <summary>Pages through the entity's events so a slow consumer never holds a read transaction open.</summary>
    public async IAsyncEnumerable<StoredEvent> ReadEntityAsync(
        string entityId, long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = afterPosition;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = ReadPage(entityId, after);
            foreach (var stored in page)
            {
                yield return stored;
            }

            if (page.Count < ReplayPageSize)
            {
                yield break;
            }

            after = page[^1].Position;
            await Task.Yield();
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadHistoryAsync(string entityId, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, event_id, entity_id, source, accepted_at, envelope FROM events
            WHERE entity_id = $entity AND accepted_at >= $since
            ORDER BY position DESC LIMIT $limit
            """;
        SqliteRows.AddText(command, "$entity", entityId);
        command.Parameters.AddWithValue("$since", UnixMicroseconds.From(since));
        command.Parameters.AddWithValue("$limit", Math.Max(limit, 0));
        return Task.FromResult<IReadOnlyList<StoredEvent>>(ReadEvents(command));
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(storage.Writer.CommittedPosition);

    /// <summary>
    /// Removes the oldest events beyond the retention policy; returns how many were removed. Safe for state,
    /// because entity rows are written in the same commit as their events.
    /// </summary>
    public Task<long> PruneAsync(RetentionPolicy policy, CancellationToken cancellationToken = default) =>
        pruning.RunAsync(policy, cancellationToken);

    private List<StoredEvent> ReadPage(string entityId, long afterPosition)
    {
        using var connection = storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, event_id, entity_id, source, accepted_at, envelope FROM events
            WHERE entity_id = $entity AND position > $after
            ORDER BY position LIMIT $limit
            """;
        SqliteRows.AddText(command, "$entity", entityId);
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$limit", ReplayPageSize);
        return ReadEvents(command);
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
