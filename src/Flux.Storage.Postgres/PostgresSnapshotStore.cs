using Npgsql;

namespace Flux.Storage.Postgres;

/// <summary>Snapshots are the rows of <c>flux_entities</c>; a write lands unless the stored row has a higher position.</summary>
public sealed class PostgresSnapshotStore(PostgresDatabase database) : ISnapshotStore
{
    public Task<EntitySnapshot?> LoadAsync(string entityId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            // As in the embedded store, a stateless row at position 0 is no snapshot.
            await using var command = new NpgsqlCommand(
                "SELECT properties, last_updated, position FROM flux_entities WHERE id = $1 AND (position > 0 OR properties IS NOT NULL)",
                connection);
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = EntityRows.Id(entityId) });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;

            // Spelled out: a bare null would convert through byte[] to an empty, non-null memory.
            var properties = reader.IsDBNull(0) ? (ReadOnlyMemory<byte>?)null : reader.GetFieldValue<byte[]>(0);
            return new EntitySnapshot(entityId, properties, EntityRows.Time(reader, 1), reader.GetInt64(2));
        }, cancellationToken);

    public Task WriteAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await EntityRows.UpsertAsync(connection, [snapshot], ct);
            return true;
        }, cancellationToken);
}
