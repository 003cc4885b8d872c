using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>
/// The database schema, as an ordered list of migrations; <c>schema_version</c> holds how many were applied.
/// A new version appends a migration, never edits an applied one.
///
/// Indexes are kept to what the queries need, because every index is written per event, and an index
/// keyed by entity dirties one random page per event, which on a busy log cost more than the rest of the
/// commit. So events are found by position (the rowid) and by event_id (dedupe, time-ordered for server
/// ids), and an entity's events form a chain: each event holds the position of the entity's previous
/// one (<c>previous</c>), and the entity row holds the newest (<c>head</c>). Replay and history walk
/// the chain back from the entity row; the row is written in the same commit anyway.
///
/// Entity rows are keyed by id in BINARY (UTF-8 byte) order, which listing pages through. A row is the
/// entity's snapshot as of <c>position</c> (0: none yet) and its chain's head; properties NULL means no
/// state (deleted, or only events without properties), and such rows are not listed.
/// The namespace column is computed on write so the directory's grouping does not parse ids.
///
/// Connector credentials (sealed by CredentialVault, opaque here) and OAuth states live beside the namespaces
/// (migration 3), so one backup of the data directory holds everything.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE log_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_position INTEGER NOT NULL,
            event_bytes INTEGER NOT NULL);
        INSERT INTO log_state (id, last_position, event_bytes) VALUES (1, 0, 0);
        CREATE TABLE events (
            position INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL,
            entity_id TEXT,
            source TEXT NOT NULL,
            accepted_at INTEGER NOT NULL,
            envelope BLOB NOT NULL);
        CREATE UNIQUE INDEX events_by_event_id ON events (event_id);
        CREATE INDEX events_by_entity ON events (entity_id, position, accepted_at) WHERE entity_id IS NOT NULL;
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            namespace TEXT,
            properties BLOB,
            last_updated INTEGER NOT NULL,
            position INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE namespaces (
            name TEXT PRIMARY KEY,
            namespace_id TEXT NOT NULL,
            token_hash BLOB NOT NULL,
            created_at INTEGER NOT NULL) WITHOUT ROWID;
        """,
        """
        ALTER TABLE events ADD COLUMN previous INTEGER;
        UPDATE events SET previous = (
            SELECT max(earlier.position) FROM events AS earlier
            WHERE earlier.entity_id = events.entity_id AND earlier.position < events.position)
        WHERE entity_id IS NOT NULL;
        ALTER TABLE entities ADD COLUMN head INTEGER NOT NULL DEFAULT 0;
        UPDATE entities SET head = position;
        INSERT INTO entities (id, namespace, properties, last_updated, position, head)
            SELECT entity_id,
                   CASE WHEN instr(entity_id, '/') > 1 THEN substr(entity_id, 1, instr(entity_id, '/') - 1) END,
                   NULL, max(accepted_at), 0, max(position)
            FROM events WHERE entity_id IS NOT NULL GROUP BY entity_id
            ON CONFLICT (id) DO UPDATE SET head = excluded.head WHERE excluded.head > entities.head;
        DROP INDEX events_by_entity;
        """,
        """
        CREATE TABLE connector_credentials (
            owner TEXT NOT NULL,
            connector TEXT NOT NULL,
            sealed BLOB NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (owner, connector)) WITHOUT ROWID;
        CREATE TABLE oauth_states (
            state TEXT PRIMARY KEY,
            connector TEXT NOT NULL,
            owner TEXT NOT NULL,
            redirect_uri TEXT NOT NULL,
            issued_at INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Apply(SqliteConnection connection)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        using var transaction = connection.BeginTransaction();
        var version = CurrentVersion(connection, transaction);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The database has schema version {version}, newer than this build understands ({Migrations.Length}).");
        }

        for (var next = version; next < Migrations.Length; next++)
        {
            Execute(connection, Migrations[next], transaction);
        }

        Execute(connection, "DELETE FROM schema_version", transaction);
        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = "INSERT INTO schema_version (version) VALUES ($version)";
        record.Parameters.AddWithValue("$version", Migrations.Length);
        record.ExecuteNonQuery();
        transaction.Commit();
    }

    private static long CurrentVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
