using Npgsql;

namespace Flux.Storage.Postgres;

/// <summary>Namespace registrations; creation is atomic because the name is the primary key (a second insert does nothing).</summary>
public sealed class PostgresNamespaceStore(PostgresDatabase database) : INamespaceStore
{
    public Task<bool> TryCreateAsync(NamespaceRecord record, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO flux_namespaces (name, namespace_id, token_hash, created_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (name) DO NOTHING
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Name });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.NamespaceId });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = record.TokenHash });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = EntityRows.Time(record.CreatedAt) });
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);

    public Task<NamespaceRecord?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT namespace_id, token_hash, created_at FROM flux_namespaces WHERE name = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new NamespaceRecord(name, reader.GetString(0), reader.GetFieldValue<byte[]>(1), EntityRows.Time(reader, 2))
                : null;
        }, cancellationToken);

    public Task<string?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT name FROM flux_namespaces WHERE token_hash = $1 LIMIT 1", connection);
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = tokenHash });
            return await command.ExecuteScalarAsync(ct) as string;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM flux_namespaces WHERE name = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);
}
