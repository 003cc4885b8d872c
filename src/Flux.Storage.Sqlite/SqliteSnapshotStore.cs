namespace Flux.Storage.Sqlite;

/// <summary>
/// Snapshots are the entity rows, which appends keep current in the same commit; an explicit write
/// only lands if it is newer than the row. A deleted entity's row stays (properties NULL) so its
/// position is remembered and older events are not replayed over the deletion.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private readonly EmbeddedStorage _storage;

    internal SqliteSnapshotStore(EmbeddedStorage storage) => _storage = storage;

    public Task<EntitySnapshot?> LoadAsync(string entityId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        // A row without state at position 0 only heads the entity's chain of events: no snapshot yet.
        command.CommandText = "SELECT properties, last_updated, position FROM entities WHERE id = $id AND (position > 0 OR properties IS NOT NULL)";
        SqliteRows.AddText(command, "$id", entityId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<EntitySnapshot?>(null);
        }

        // Spelled out: a bare null would convert through byte[] to an empty, non-null memory.
        var properties = reader.IsDBNull(0) ? (ReadOnlyMemory<byte>?)null : SqliteRows.Bytes(reader, 0);
        return Task.FromResult<EntitySnapshot?>(
            new EntitySnapshot(entityId, properties, SqliteRows.Time(reader, 1), reader.GetInt64(2)));
    }

    public Task WriteAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default) =>
        _storage.WriteAsync(
            writer =>
            {
                writer.UpsertEntities([EntityWrite.Of(snapshot, snapshot.Position)]);
                return true;
            },
            cancellationToken);
}
