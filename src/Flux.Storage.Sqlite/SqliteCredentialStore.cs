namespace Flux.Storage.Sqlite;

/// <summary>
/// Connector credentials and OAuth states in the embedded database. Taking a state reads and deletes it in one
/// serialised write, so two callbacks with the same state cannot both see it.
/// </summary>
public sealed class SqliteCredentialStore : ICredentialStore
{
    private readonly EmbeddedStorage _storage;
    private readonly TimeProvider _time;

    internal SqliteCredentialStore(EmbeddedStorage storage, TimeProvider time)
    {
        _storage = storage;
        _time = time;
    }

    public Task PutAsync(string owner, string connector, byte[] sealedCredential, DateTimeOffset updatedAt, CancellationToken cancellationToken = default) =>
        _storage.WriteAsync(
            writer =>
            {
                var upsert = writer.Statement("""
                    INSERT INTO connector_credentials (owner, connector, sealed, updated_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (owner, connector) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
                    """);
                upsert.Bind(1, owner);
                upsert.Bind(2, connector);
                upsert.Bind(3, sealedCredential);
                upsert.Bind(4, UnixMicroseconds.From(updatedAt));
                return upsert.Execute();
            },
            cancellationToken);

    public Task<StoredCredential?> GetAsync(string owner, string connector, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed, updated_at FROM connector_credentials WHERE owner = $owner AND connector = $connector";
        SqliteRows.AddText(command, "$owner", owner);
        SqliteRows.AddText(command, "$connector", connector);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new StoredCredential(owner, connector, SqliteRows.Bytes(reader, 0), SqliteRows.Time(reader, 1))
            : null);
    }

    public Task<bool> ReplaceAsync(string owner, string connector, byte[] expected, byte[] sealedCredential, DateTimeOffset updatedAt,
        CancellationToken cancellationToken = default) =>
        _storage.WriteAsync(
            writer =>
            {
                var replace = writer.Statement(
                    "UPDATE connector_credentials SET sealed = ?4, updated_at = ?5 WHERE owner = ?1 AND connector = ?2 AND sealed = ?3");
                replace.Bind(1, owner);
                replace.Bind(2, connector);
                replace.Bind(3, expected);
                replace.Bind(4, sealedCredential);
                replace.Bind(5, UnixMicroseconds.From(updatedAt));
                return replace.Execute() == 1;
            },
            cancellationToken);

    public Task<bool> DeleteAsync(string owner, string connector, CancellationToken cancellationToken = default) =>
        _storage.WriteAsync(
            writer =>
            {
                var delete = writer.Statement("DELETE FROM connector_credentials WHERE owner = ?1 AND connector = ?2");
                delete.Bind(1, owner);
                delete.Bind(2, connector);
                return delete.Execute() == 1;
            },
            cancellationToken);

    public Task<IReadOnlyList<(string Owner, string Connector)>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner, connector FROM connector_credentials ORDER BY owner, connector";
        using var reader = command.ExecuteReader();
        var pairs = new List<(string, string)>();
        while (reader.Read())
            pairs.Add((SqliteRows.Text(reader, 0), SqliteRows.Text(reader, 1)));
        return Task.FromResult<IReadOnlyList<(string Owner, string Connector)>>(pairs);
    }

    public Task IssueStateAsync(OAuthState state, CancellationToken cancellationToken = default)
    {
        var expired = UnixMicroseconds.From(_time.GetUtcNow() - OAuthState.Lifetime);
        return _storage.WriteAsync(
            writer =>
            {
                var prune = writer.Statement("DELETE FROM oauth_states WHERE issued_at < ?1");
                prune.Bind(1, expired);
                prune.Execute();
                var insert = writer.Statement("""
                    INSERT INTO oauth_states (state, connector, owner, redirect_uri, issued_at) VALUES (?1, ?2, ?3, ?4, ?5)
                    """);
                insert.Bind(1, state.State);
                insert.Bind(2, state.Connector);
                insert.Bind(3, state.Owner);
                insert.Bind(4, state.RedirectUri);
                insert.Bind(5, UnixMicroseconds.From(state.IssuedAt));
                return insert.Execute();
            },
            cancellationToken);
    }

    public async Task<OAuthState?> TakeStateAsync(string state, CancellationToken cancellationToken = default)
    {
        var taken = await _storage.WriteAsync(
            writer =>
            {
                var select = writer.Statement("SELECT connector, owner, redirect_uri, issued_at FROM oauth_states WHERE state = ?1");
                select.Bind(1, state);
                OAuthState? found = null;
                if (select.Step())
                {
                    found = new OAuthState(state, select.ColumnText(0), select.ColumnText(1), select.ColumnText(2),
                        UnixMicroseconds.ToTime(select.ColumnInt64(3)));
                }
                select.Reset();
                var delete = writer.Statement("DELETE FROM oauth_states WHERE state = ?1");
                delete.Bind(1, state);
                delete.Execute();
                return found;
            },
            cancellationToken).ConfigureAwait(false);
        return taken is null || taken.IsExpired(_time.GetUtcNow()) ? null : taken;
    }
}
