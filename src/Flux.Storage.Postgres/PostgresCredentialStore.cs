using Npgsql;

namespace Flux.Storage.Postgres;

/// <summary>Connector credentials and OAuth states. Taking a state is one DELETE … RETURNING, so it works once across gateways.</summary>
public sealed class PostgresCredentialStore(PostgresDatabase database, TimeProvider? timeProvider = null) : ICredentialStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task PutAsync(string owner, string connector, byte[] sealedCredential, DateTimeOffset updatedAt, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO flux_connector_credentials (owner, connector, sealed, updated_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (owner, connector) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = connector });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = sealedCredential });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = EntityRows.Time(updatedAt) });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task<StoredCredential?> GetAsync(string owner, string connector, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT sealed, updated_at FROM flux_connector_credentials WHERE owner = $1 AND connector = $2", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = connector });
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new StoredCredential(owner, connector, reader.GetFieldValue<byte[]>(0), EntityRows.Time(reader, 1))
                : null;
        }, cancellationToken);

    public Task<bool> ReplaceAsync(string owner, string connector, byte[] expected, byte[] sealedCredential, DateTimeOffset updatedAt,
        CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                "UPDATE flux_connector_credentials SET sealed = $4, updated_at = $5 WHERE owner = $1 AND connector = $2 AND sealed = $3", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = connector });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = expected });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = sealedCredential });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = EntityRows.Time(updatedAt) });
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string owner, string connector, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM flux_connector_credentials WHERE owner = $1 AND connector = $2", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = connector });
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<(string Owner, string Connector)>> ListAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<(string Owner, string Connector)>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT owner, connector FROM flux_connector_credentials ORDER BY owner, connector", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var pairs = new List<(string, string)>();
            while (await reader.ReadAsync(ct))
                pairs.Add((reader.GetString(0), reader.GetString(1)));
            return pairs;
        }, cancellationToken);

    public Task IssueStateAsync(OAuthState state, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var batch = new NpgsqlBatch(connection);
            var prune = new NpgsqlBatchCommand("DELETE FROM flux_oauth_states WHERE issued_at < $1");
            prune.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = EntityRows.Time(_time.GetUtcNow() - OAuthState.Lifetime) });
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO flux_oauth_states (state, connector, owner, redirect_uri, issued_at) VALUES ($1, $2, $3, $4, $5)");
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.State });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.Connector });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.Owner });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.RedirectUri });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = EntityRows.Time(state.IssuedAt) });
            batch.BatchCommands.Add(prune);
            batch.BatchCommands.Add(insert);
            return await batch.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public async Task<OAuthState?> TakeStateAsync(string state, CancellationToken cancellationToken = default)
    {
        var taken = await database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                "DELETE FROM flux_oauth_states WHERE state = $1 RETURNING connector, owner, redirect_uri, issued_at", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state });
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new OAuthState(state, reader.GetString(0), reader.GetString(1), reader.GetString(2), EntityRows.Time(reader, 3))
                : null;
        }, cancellationToken).ConfigureAwait(false);
        return taken is null || taken.IsExpired(_time.GetUtcNow()) ? null : taken;
    }
}
