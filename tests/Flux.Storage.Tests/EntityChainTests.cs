using Flux.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

/// <summary>An entity's events are found through the chain of previous positions headed by its row.</summary>
public sealed class EntityChainTests : IDisposable
{
    private readonly TempDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task events_stored_beside_a_duplicate_are_replayed_after_the_snapshot_that_did_not_take_them()
    {
        using var storage = new EmbeddedStorage(_directory.Path);
        await storage.Log.AppendAsync(new AppendBatch([Event("e1", "a")], State("a", """{"x":1}""")));

        // A retry: e1 is stored already, so the state after the batch is not written, but e2 is new.
        await storage.Log.AppendAsync(new AppendBatch([Event("e2", "a"), Event("e1", "a")], State("a", """{"x":2}""")));

        var snapshot = await storage.Snapshots.LoadAsync("a");
        var replay = await storage.Log.ReadEntityAsync("a", snapshot!.Position).ToListAsync();
        Assert.Equal(["e2"], replay.Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task an_entity_with_only_events_without_state_has_history_but_no_snapshot_and_no_listing()
    {
        using var storage = new EmbeddedStorage(_directory.Path);
        await storage.Log.AppendAsync(Batch(Event("e1", "quiet/one")));
        await storage.Log.AppendAsync(Batch(Event("e2", "other")));
        await storage.Log.AppendAsync(Batch(Event("e3", "quiet/one")));

        Assert.Equal(["e3", "e1"], (await storage.Log.ReadHistoryAsync("quiet/one", Start, 10)).Select(e => e.Event.EventId));
        Assert.Null(await storage.Snapshots.LoadAsync("quiet/one"));
        Assert.Equal(0, await storage.Index.CountAsync(new EntityFilter()));
    }

    [Fact]
    public async Task a_row_whose_position_belongs_to_another_entitys_event_yields_no_history()
    {
        using var storage = new EmbeddedStorage(_directory.Path);
        var results = await storage.Log.AppendAsync(Batch(Event("e1", "someone-else")));

        // The directory entity writes its row without events, at whatever position the log is at.
        await storage.Snapshots.WriteAsync(new EntitySnapshot("flux-core/directory", "{}"u8.ToArray(), Start, results[0].Position));

        Assert.Empty(await storage.Log.ReadHistoryAsync("flux-core/directory", Start, 10));
        Assert.Empty(await storage.Log.ReadEntityAsync("flux-core/directory", 0).ToListAsync());
    }

    [Fact]
    public async Task a_database_of_the_first_schema_is_migrated_and_keeps_its_history_state_and_listing()
    {
        CreateFirstSchemaDatabase(Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName));

        using var storage = new EmbeddedStorage(_directory.Path);

        Assert.Equal(["e4", "e2", "e1"], (await storage.Log.ReadHistoryAsync("plant/pump", Start, 10)).Select(e => e.Event.EventId));
        Assert.Equal(["e3"], (await storage.Log.ReadHistoryAsync("quiet", Start, 10)).Select(e => e.Event.EventId));
        Assert.Equal(["e4"], (await storage.Log.ReadEntityAsync("plant/pump", 2).ToListAsync()).Select(e => e.Event.EventId));
        var snapshot = await storage.Snapshots.LoadAsync("plant/pump");
        Assert.Equal(2, snapshot!.Position);
        Assert.Equal(1, await storage.Index.CountAsync(new EntityFilter()));

        // New events chain onto the migrated ones.
        await storage.Log.AppendAsync(Batch(Event("e5", "plant/pump")));
        Assert.Equal(["e5", "e4", "e2", "e1"], (await storage.Log.ReadHistoryAsync("plant/pump", Start, 10)).Select(e => e.Event.EventId));
    }

    /// <summary>The schema as the first release wrote it, with events of two entities; only one has a row.</summary>
    private static void CreateFirstSchemaDatabase(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version (version) VALUES (1);
            CREATE TABLE log_state (id INTEGER PRIMARY KEY CHECK (id = 1), last_position INTEGER NOT NULL, event_bytes INTEGER NOT NULL);
            INSERT INTO log_state (id, last_position, event_bytes) VALUES (1, 4, 4);
            CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, entity_id TEXT, source TEXT NOT NULL,
                accepted_at INTEGER NOT NULL, envelope BLOB NOT NULL);
            CREATE UNIQUE INDEX events_by_event_id ON events (event_id);
            CREATE INDEX events_by_entity ON events (entity_id, position, accepted_at) WHERE entity_id IS NOT NULL;
            CREATE TABLE entities (id TEXT PRIMARY KEY, namespace TEXT, properties BLOB, last_updated INTEGER NOT NULL,
                position INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE namespaces (name TEXT PRIMARY KEY, namespace_id TEXT NOT NULL, token_hash BLOB NOT NULL,
                created_at INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO events VALUES
                (1, 'e1', 'plant/pump', 's', $at, x'7B7D'),
                (2, 'e2', 'plant/pump', 's', $at, x'7B7D'),
                (3, 'e3', 'quiet', 's', $at, x'7B7D'),
                (4, 'e4', 'plant/pump', 's', $at, x'7B7D');
            INSERT INTO entities VALUES ('plant/pump', 'plant', x'7B2278223A317D', $at, 2);
            """;
        command.Parameters.AddWithValue("$at", UnixMicroseconds.From(Start));
        command.ExecuteNonQuery();
    }
}
