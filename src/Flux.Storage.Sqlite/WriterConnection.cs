using System.Numerics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Flux.Storage.Sqlite;

/// <summary>
/// The one connection that writes, owned by the writer thread, with its statements prepared once.
///
/// Appending a group: positions are assigned in memory (last committed position + 1, dense, in the
/// order the batches were queued), duplicates inside the group are found with a dictionary, and the
/// events go in with multi-row INSERTs of up to 64 rows (<c>ON CONFLICT(event_id) DO NOTHING</c>).
/// If a statement inserts fewer rows than it was given, some event id was already in the log: the
/// group's rows are deleted again (same transaction), the existing ids are looked up, and positions are
/// assigned once more around them. That path only runs for retried writes, so the common path is one
/// statement per 64 events and no lookups. Entity rows go in the same way, guarded by position so an
/// older state never overwrites a newer one.
///
/// Each event also records the entity's previous event (see <see cref="SchemaMigrations"/>): the group's
/// own earlier event of that entity, else the entity row's head, read once per entity and group.
/// Every entity the group appended to ends with its row's head at its newest event: a state row written
/// at that event sets it, else a head-only write does (which leaves the snapshot, and its position, alone).
/// </summary>
internal sealed class WriterConnection : IDisposable
{
    private const int MaxRowsPerStatement = 64;
    private const int EventColumns = 7;
    private const int HeadColumns = 4;
    private const int MaxRememberedHeads = 65536;
    private const int EntityColumns = 6;

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _positionsInGroup = new(StringComparer.Ordinal);
    private readonly List<(EventRecord Event, long Position, long? Previous)> _rows = [];
    private readonly Dictionary<string, (long Position, DateTimeOffset AcceptedAt)> _heads = new(StringComparer.Ordinal);
    private readonly List<EntityWrite> _entityWrites = [];
    private readonly List<EntityWrite> _headWrites = [];
    private readonly HashSet<string> _headsWritten = new(StringComparer.Ordinal);

    // Heads of the entities appended to lately, as committed: most appends are to entities seen a moment ago,
    // and this saves reading their rows. Cleared when full; a new connection starts empty.
    private readonly Dictionary<string, long> _committedHeads = new(StringComparer.Ordinal);
    private readonly PreparedStatement?[] _insertEvents = new PreparedStatement?[MaxRowsPerStatement + 1];
    private readonly PreparedStatement?[] _upsertEntities = new PreparedStatement?[MaxRowsPerStatement + 1];
    private readonly PreparedStatement?[] _upsertHeads = new PreparedStatement?[MaxRowsPerStatement + 1];
    private long _pendingPosition;
    private long _pendingBytes;

    private WriterConnection(SqliteConnection connection)
    {
        _connection = connection;
        using var state = connection.CreateCommand();
        state.CommandText = "SELECT last_position, event_bytes FROM log_state WHERE id = 1";
        using var reader = state.ExecuteReader();
        reader.Read();
        LastPosition = reader.GetInt64(0);
        EventBytes = reader.GetInt64(1);
    }

    /// <summary>The position of the last committed event (0 for an empty log): also how many events were ever accepted.</summary>
    public long LastPosition { get; private set; }

    /// <summary>Total envelope bytes of the events still in the log.</summary>
    public long EventBytes { get; private set; }

    public static WriterConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                // FULL: a commit returns only after the WAL is fsynced, so an acknowledged write survives power loss.
                // Checkpoints run on the WalCheckpointer's connection rather than inside our commits.
                pragmas.CommandText = """
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = FULL;
                    PRAGMA wal_autocheckpoint = 0;
                    PRAGMA busy_timeout = 5000;
                    PRAGMA cache_size = -32768;
                    PRAGMA temp_store = MEMORY;
                    """;
                pragmas.ExecuteNonQuery();
            }

            SchemaMigrations.Apply(connection);
            return new WriterConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Begin()
    {
        Statement("BEGIN IMMEDIATE").Execute();
        _pendingPosition = LastPosition;
        _pendingBytes = EventBytes;
    }

    public void Commit()
    {
        if (_pendingPosition != LastPosition || _pendingBytes != EventBytes)
        {
            var save = Statement("UPDATE log_state SET last_position = ?1, event_bytes = ?2 WHERE id = 1");
            save.Bind(1, _pendingPosition);
            save.Bind(2, _pendingBytes);
            save.Execute();
        }

        Statement("COMMIT").Execute();
        LastPosition = _pendingPosition;
        RememberHeads();
        EventBytes = _pendingBytes;
    }

    /// <summary>Appends the batches in order, filling in each request's results and duplicate flag.</summary>
    public void Append(List<AppendRequest> appends)
    {
        if (appends.Count == 0)
        {
            return;
        }

        var first = _pendingPosition + 1;
        var bytesBefore = _pendingBytes;
        AssignPositions(appends, existing: null);
        if (!InsertEvents())
        {
            Delete("DELETE FROM events WHERE position >= ?1", first);
            _pendingPosition = first - 1;
            _pendingBytes = bytesBefore;
            AssignPositions(appends, FindExisting(appends));
            if (!InsertEvents())
            {
                throw new InvalidOperationException("Event ids conflicted after the existing ones were accounted for.");
            }
        }

        _entityWrites.Clear();
        foreach (var append in appends)
        {
            if (append.Batch.StateAfter is { } state && !append.HasDuplicate && append.Results.Length > 0)
            {
                _entityWrites.Add(EntityWrite.Of(state, append.Results[^1].Position));
            }
        }

        UpsertEntities(_entityWrites);
        UpsertHeads(_entityWrites);
    }

    /// <summary>Upserts entity rows; a row is never replaced by a state at a lower position (equal replaces: the log-less directory entity rewrites at one position).</summary>
    public void UpsertEntities(IReadOnlyList<EntityWrite> writes) =>
        ExecuteInChunks(writes, _upsertEntities, UpsertEntitiesSql, EntityColumns, static (statement, p, write) =>
        {
            statement.Bind(p, write.Id);
            statement.Bind(p + 1, EntityNamespace.Of(write.Id));
            if (write.Properties is { } properties)
            {
                statement.Bind(p + 2, properties.Span);
            }
            else
            {
                statement.BindNull(p + 2);
            }

            statement.Bind(p + 3, UnixMicroseconds.From(write.LastUpdated));
            statement.Bind(p + 4, write.Position);
            statement.Bind(p + 5, write.Position);
        });

    /// <summary>Moves the heads of the entities appended to without a state row at their newest event.</summary>
    private void UpsertHeads(List<EntityWrite> stateWrites)
    {
        _headsWritten.Clear();
        foreach (var write in stateWrites)
        {
            if (_heads.TryGetValue(write.Id, out var head) && head.Position == write.Position)
            {
                _headsWritten.Add(write.Id);
            }
        }

        _headWrites.Clear();
        foreach (var (id, head) in _heads)
        {
            if (!_headsWritten.Contains(id))
            {
                _headWrites.Add(new EntityWrite(id, null, head.AcceptedAt, head.Position));
            }
        }

        ExecuteInChunks(_headWrites, _upsertHeads, UpsertHeadsSql, HeadColumns, static (statement, p, write) =>
        {
            statement.Bind(p, write.Id);
            statement.Bind(p + 1, EntityNamespace.Of(write.Id));
            statement.Bind(p + 2, UnixMicroseconds.From(write.LastUpdated));
            statement.Bind(p + 3, write.Position);
        });
    }

    /// <summary>The cached statement for <paramref name="sql"/>, prepared on first use.</summary>
    public PreparedStatement Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new PreparedStatement(_connection.Handle!, sql);
            _statements.Add(sql, statement);
        }

        return statement;
    }

    /// <summary>Copies the WAL's remaining frames into the database file, so the next transaction can rewind the WAL.</summary>
    public void Checkpoint()
    {
        var rc = raw.sqlite3_wal_checkpoint_v2(_connection.Handle, null, raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_BUSY)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    /// <summary>Removes the log's oldest events up to and including <paramref name="position"/>; the rows and bytes removed.</summary>
    public (int Rows, long Bytes) DeleteEventsThrough(long position)
    {
        var measure = Statement("SELECT coalesce(sum(length(envelope)), 0) FROM events WHERE position <= ?1");
        measure.Bind(1, position);
        measure.Step();
        var bytes = measure.ColumnInt64(0);
        measure.Reset();
        var rowsDeleted = Delete("DELETE FROM events WHERE position <= ?1", position);
        _pendingBytes -= bytes;
        return (rowsDeleted, bytes);
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _connection.Dispose();
    }

    private void AssignPositions(List<AppendRequest> appends, Dictionary<string, long>? existing)
    {
        _positionsInGroup.Clear();
        _rows.Clear();
        _heads.Clear();
        foreach (var append in appends)
        {
            append.HasDuplicate = false;
            var events = append.Batch.Events;
            for (var i = 0; i < events.Count; i++)
            {
                var record = events[i];
                if (_positionsInGroup.TryGetValue(record.EventId, out var earlier)
                    || (existing is not null && existing.TryGetValue(record.EventId, out earlier)))
                {
                    append.Results[i] = new AppendResult(earlier, Duplicate: true);
                    append.HasDuplicate = true;
                    continue;
                }

                var position = ++_pendingPosition;
                _positionsInGroup.Add(record.EventId, position);
                long? previous = null;
                if (record.EntityId is { } entityId)
                {
                    previous = _heads.TryGetValue(entityId, out var head) ? head.Position : StoredHead(entityId);
                    _heads[entityId] = (position, record.AcceptedAt);
                }

                _rows.Add((record, position, previous));
                append.Results[i] = new AppendResult(position, Duplicate: false);
            }
        }
    }

    /// <summary>Inserts <see cref="_rows"/>; false as soon as a statement skipped a row whose event id was already stored.</summary>
    private bool InsertEvents()
    {
        for (var offset = 0; offset < _rows.Count;)
        {
            var count = ChunkSize(_rows.Count - offset);
            var statement = _insertEvents[count] ??= Statement(InsertEventsSql(count));
            for (var i = 0; i < count; i++)
            {
                var (record, position, previous) = _rows[offset + i];
                var p = i * EventColumns;
                statement.Bind(p + 1, position);
                statement.Bind(p + 2, record.EventId);
                statement.Bind(p + 3, record.EntityId);
                statement.Bind(p + 4, record.Source);
                statement.Bind(p + 5, UnixMicroseconds.From(record.AcceptedAt));
                statement.Bind(p + 6, record.Envelope.Span);
                if (previous is { } known)
                {
                    statement.Bind(p + 7, known);
                }
                else
                {
                    statement.BindNull(p + 7);
                }

                _pendingBytes += record.Envelope.Length;
            }

            if (statement.Execute() != count)
            {
                return false;
            }

            offset += count;
        }

        return true;
    }

    private void RememberHeads()
    {
        if (_committedHeads.Count + _heads.Count > MaxRememberedHeads)
        {
            _committedHeads.Clear();
        }

        foreach (var (id, head) in _heads)
        {
            _committedHeads[id] = head.Position;
        }

        _heads.Clear();
    }

    /// <summary>The position of the entity's newest committed event; null when it has none.</summary>
    private long? StoredHead(string entityId)
    {
        if (_committedHeads.TryGetValue(entityId, out var remembered))
        {
            return remembered;
        }

        var find = Statement("SELECT head FROM entities WHERE id = ?1");
        find.Bind(1, entityId);
        try
        {
            return find.Step() ? find.ColumnInt64(0) : null;
        }
        finally
        {
            find.Reset();
        }
    }

    private Dictionary<string, long> FindExisting(List<AppendRequest> appends)
    {
        var existing = new Dictionary<string, long>(StringComparer.Ordinal);
        var find = Statement("SELECT position FROM events WHERE event_id = ?1");
        foreach (var append in appends)
        {
            foreach (var record in append.Batch.Events)
            {
                find.Bind(1, record.EventId);
                if (find.Step())
                {
                    existing.TryAdd(record.EventId, find.ColumnInt64(0));
                }

                find.Reset();
            }
        }

        return existing;
    }

    private int Delete(string sql, long position)
    {
        var delete = Statement(sql);
        delete.Bind(1, position);
        return delete.Execute();
    }

    /// <summary>Runs a multi-row statement over the rows, up to 64 at a time; <paramref name="bind"/> binds one row from the given parameter index.</summary>
    private void ExecuteInChunks<T>(IReadOnlyList<T> rows, PreparedStatement?[] statementsBySize, Func<int, string> sql, int columns,
        Action<PreparedStatement, int, T> bind)
    {
        for (var offset = 0; offset < rows.Count;)
        {
            var count = ChunkSize(rows.Count - offset);
            var statement = statementsBySize[count] ??= Statement(sql(count));
            for (var i = 0; i < count; i++)
            {
                bind(statement, (i * columns) + 1, rows[offset + i]);
            }

            statement.Execute();
            offset += count;
        }
    }

    private static int ChunkSize(int remaining) =>
        remaining >= MaxRowsPerStatement ? MaxRowsPerStatement : 1 << BitOperations.Log2((uint)remaining);

    private static string InsertEventsSql(int rowCount) =>
        "INSERT INTO events (position, event_id, entity_id, source, accepted_at, envelope, previous) VALUES "
        + Values(rowCount, EventColumns)
        + " ON CONFLICT (event_id) DO NOTHING";

    private static string UpsertEntitiesSql(int rowCount) =>
        "INSERT INTO entities (id, namespace, properties, last_updated, position, head) VALUES "
        + Values(rowCount, EntityColumns)
        + " ON CONFLICT (id) DO UPDATE SET properties = excluded.properties, last_updated = excluded.last_updated,"
        + " position = excluded.position, head = max(entities.head, excluded.head) WHERE excluded.position >= entities.position";

    private static string UpsertHeadsSql(int rowCount) =>
        "INSERT INTO entities (id, namespace, properties, last_updated, position, head) VALUES "
        + string.Join(", ", Enumerable.Repeat("(?, ?, NULL, ?, 0, ?)", rowCount))
        + " ON CONFLICT (id) DO UPDATE SET head = excluded.head WHERE excluded.head > entities.head";

    private static string Values(int rowCount, int columns)
    {
        var row = "(" + string.Join(", ", Enumerable.Repeat("?", columns)) + ")";
        return string.Join(", ", Enumerable.Repeat(row, rowCount));
    }
}
