namespace Flux.Storage.Sqlite;

/// <summary>Namespace registrations; creation is atomic because the name is the primary key and writes are serialised.</summary>
public sealed class SqliteNamespaceStore : INamespaceStore
{
    private readonly EmbeddedStorage _storage;

    internal SqliteNamespaceStore(EmbeddedStorage storage) => _storage = storage;

    public Task<bool> TryCreateAsync(NamespaceRecord record, CancellationToken cancellationToken = default) =>
        _storage.WriteAsync(
            writer =>
            {
                var insert = writer.Statement("""
                    INSERT INTO namespaces (name, namespace_id, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (name) DO NOTHING
                    """);
                insert.Bind(1, record.Name);
                insert.Bind(2, record.NamespaceId);
                insert.Bind(3, record.TokenHash);
                insert.Bind(4, UnixMicroseconds.From(record.CreatedAt));
                return insert.Execute() == 1;
            },
            cancellationToken);

    public Task<NamespaceRecord?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT namespace_id, token_hash, created_at FROM namespaces WHERE name = $name";
        SqliteRows.AddText(command, "$name", name);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new NamespaceRecord(name, SqliteRows.Text(reader, 0), SqliteRows.Bytes(reader, 1), SqliteRows.Time(reader, 2))
            : null);
    }

    public Task<string?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM namespaces WHERE token_hash = $hash";
        command.Parameters.AddWithValue("$hash", tokenHash);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _storage.WriteAsync(
            writer =>
            {
                var delete = writer.Statement("DELETE FROM namespaces WHERE name = ?1");
                delete.Bind(1, name);
                return delete.Execute() == 1;
            },
            cancellationToken);
}
