using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>The event log of the embedded profile: appends through the group-commit writer, reads on pooled connections.</summary>
public sealed class SqliteEventLog : IEventLog
{
    private const int ReplayPageSize = 512;
    private const int PruneStepRows = 20_000;

    private static readonly Task<IReadOnlyList<AppendResult>> NothingAppended =
        Task.FromResult<IReadOnlyList<AppendResult>>([]);

    private readonly EmbeddedStorage storage;
    private readonly TimeProvider timeProvider;

    internal SqliteEventLog(EmbeddedStorage storage, TimeProvider timeProvider)
    {
        this.storage = storage;
        this.timeProvider = timeProvider;
    }

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
    /// because entity rows are written in the same commit as their events. Age pruning cuts the log at the
    /// first event accepted within the age limit (the log is a prefix-truncated sequence, like a stream's
    /// max age). Works in steps of bounded size so appends keep flowing in between.
    /// </summary>
    public async Task<long> PruneAsync(RetentionPolicy policy, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var through = PruneBoundary(policy);
            if (through is not { } position)
            {
                return removed;
            }

            var (rows, _) = await storage.WriteAsync(writer => writer.DeleteEventsThrough(position), cancellationToken);
            removed += rows;
            if (rows == 0)
            {
                return removed;
            }
        }
    }

    /// <summary>The last position the next pruning step removes, or null when nothing is beyond the policy.</summary>
    private long? PruneBoundary(RetentionPolicy policy)
    {
        using var connection = storage.OpenReader();
        long? boundary = null;
        if (policy.MaxAgeDays > 0)
        {
            var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(policy.MaxAgeDays);
            boundary = LastBefore(connection, UnixMicroseconds.From(cutoff));
        }

        if (policy.MaxBytes > 0)
        {
            var bytes = LastBeyondBytes(connection, policy.MaxBytes);
            if (bytes > (boundary ?? 0))
            {
                boundary = bytes;
            }
        }

        return boundary;
    }

    /// <summary>The last of up to one step's oldest events that were all accepted before the cutoff.</summary>
    private static long? LastBefore(SqliteConnection connection, long cutoffMicroseconds)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, accepted_at FROM events ORDER BY position LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", PruneStepRows);
        long? last = null;
        using var reader = command.ExecuteReader();
        while (reader.Read() && reader.GetInt64(1) < cutoffMicroseconds)
        {
            last = reader.GetInt64(0);
        }

        return last;
    }

    /// <summary>The last of up to one step's oldest events whose removal is needed to get under the byte limit.</summary>
    private long? LastBeyondBytes(SqliteConnection connection, long maxBytes)
    {
        var excess = storage.Writer.EventBytes - maxBytes;
        if (excess <= 0)
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, length(envelope) FROM events ORDER BY position LIMIT $limit";
        command.Parameters.AddWithValue("$limit", PruneStepRows);
        long? last = null;
        using var reader = command.ExecuteReader();
        while (excess > 0 && reader.Read())
        {
            last = reader.GetInt64(0);
            excess -= reader.GetInt64(1);
        }

        return last;
    }

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
