using Npgsql;

namespace Flux.Storage.Postgres;

/// <summary>
/// The database schema, as an ordered list of migrations; <c>flux_schema_migrations</c> records each one applied.
/// A new version appends a migration, never edits an applied one.
///
/// Every silo runs this at start. The whole run is one transaction holding a transaction-scoped advisory lock,
/// taken before anything else (even before the bookkeeping table is created), so silos starting together queue
/// on the lock: the first applies what is missing, the rest find it recorded and do nothing. PostgreSQL's DDL is
/// transactional, so a run that fails leaves nothing half applied. Each migration is also written to be safe on
/// a database where its objects already exist (IF NOT EXISTS, ON CONFLICT DO NOTHING), for example one where an
/// operator ran Orleans' own scripts: their query rows, possibly tuned, are kept.
///
/// 1. Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2, Invariant "Npgsql"): its two tables
///    and the <c>OrleansQuery</c> rows it loads at start (<see cref="OrleansClusteringSchema"/>).
/// 2. Flux's tables: <c>flux_entities</c> (snapshots and the entity index, one row per entity) and
///    <c>flux_namespaces</c> (see <see cref="FluxSchema"/>).
/// 3. Connector credentials and OAuth states (<see cref="CredentialSchema"/>).
/// 4. Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2): its table and query rows
///    (<see cref="OrleansRemindersSchema"/>).
/// </summary>
public static class PostgresMigrations
{
    /// <summary>The advisory lock key: "flux" in ASCII, so it does not collide with an application's small integers.</summary>
    private const long LockKey = 0x666C7578;

    private const int MigrationTimeoutSeconds = 120;

    private static readonly string[] Migrations = [OrleansClusteringSchema.Sql, FluxSchema.Sql, CredentialSchema.Sql, OrleansRemindersSchema.Sql];

    public static int LatestVersion => Migrations.Length;

    /// <summary>Applies the missing migrations; returns how many this call applied (0 when the schema was current).</summary>
    public static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS flux_schema_migrations (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);

        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM flux_schema_migrations", connection);
        var current = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The database has schema version {current}, newer than this build understands ({Migrations.Length}).");
        }

        for (var next = current; next < Migrations.Length; next++)
        {
            await ExecuteAsync(connection, Migrations[next], cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO flux_schema_migrations (version) VALUES ($1)", connection);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = next + 1 });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Migrations.Length - current;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // Longer than a request's timeout: waiting for another silo's run, or migrating a big table, is expected here.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = MigrationTimeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
