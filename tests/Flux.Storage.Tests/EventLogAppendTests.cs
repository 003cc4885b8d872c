using Flux.Contract;
using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

public sealed class EventLogAppendTests : IDisposable
{
    private readonly TempDataDirectory _directory = new();
    private EmbeddedStorage _storage;

    public EventLogAppendTests() => _storage = new EmbeddedStorage(_directory.Path);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task append_returns_dense_increasing_positions_starting_at_one()
    {
        var first = await _storage.Log.AppendAsync(Batch(Event("e1", "a"), Event("e2", "b")));
        var second = await _storage.Log.AppendAsync(Batch(Event("e3", "a")));

        Assert.Equal([new AppendResult(1, false), new AppendResult(2, false)], first);
        Assert.Equal([new AppendResult(3, false)], second);
    }

    [Fact]
    public async Task an_event_id_already_in_the_log_is_a_duplicate_at_the_existing_position()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", "a"), Event("e2", "a")));

        var again = await _storage.Log.AppendAsync(Batch(Event("e3", "a"), Event("e2", "a"), Event("e4", "a")));

        Assert.Equal([new AppendResult(3, false), new AppendResult(2, true), new AppendResult(4, false)], again);
        Assert.Equal(4, await _storage.Log.CountAsync());
        var replay = await _storage.Log.ReadEntityAsync("a", 0).ToListAsync();
        Assert.Equal(["e1", "e2", "e3", "e4"], replay.Select(e => e.Event.EventId));
        Assert.Equal([1L, 2, 3, 4], replay.Select(e => e.Position));
    }

    [Fact]
    public async Task a_stored_id_among_many_queued_batches_leaves_no_gap_in_positions()
    {
        await _storage.Log.AppendAsync(new AppendBatch([Event("stored", "a")], State("a", """{"x":1}""")));

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => _storage.Log.AppendAsync(new AppendBatch(
            i == 50 ? [Event($"e{i}", $"entity-{i}"), Event("stored", $"entity-{i}")] : [Event($"e{i}", $"entity-{i}")],
            State($"entity-{i}", """{"x":1}""")))));

        Assert.Equal(new AppendResult(1, true), results[50][1]);
        var fresh = results.SelectMany(r => r).Where(r => !r.Duplicate).Select(r => r.Position).Order();
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), fresh);
        Assert.Equal(101, await _storage.Log.CountAsync());
        Assert.Null(await _storage.Snapshots.LoadAsync("entity-50"));
        Assert.Equal(results[49][0].Position, (await _storage.Snapshots.LoadAsync("entity-49"))!.Position);
    }

    [Fact]
    public async Task the_same_event_id_twice_in_one_commit_is_stored_once()
    {
        var results = await Task.WhenAll(
            _storage.Log.AppendAsync(Batch(Event("same", "a"), Event("same", "a"))),
            _storage.Log.AppendAsync(Batch(Event("same", "b"))));

        Assert.Equal([new AppendResult(1, false), new AppendResult(1, true)], results[0]);
        Assert.Equal([new AppendResult(1, true)], results[1]);
        Assert.Equal(1, await _storage.Log.CountAsync());
    }

    [Fact]
    public async Task duplicates_are_recognised_after_a_reopen()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", "a")));
        _storage.Dispose();
        _storage = new EmbeddedStorage(_directory.Path);

        var again = await _storage.Log.AppendAsync(Batch(Event("e1", "a"), Event("e2", "a")));

        Assert.Equal([new AppendResult(1, true), new AppendResult(2, false)], again);
    }

    [Fact]
    public async Task concurrent_appenders_get_positions_in_commit_order_without_gaps()
    {
        var appends = Enumerable.Range(0, 200)
            .Select(i => _storage.Log.AppendAsync(Batch(Event($"e{i}", $"entity-{i % 7}"), Event($"f{i}", $"entity-{i % 7}"))))
            .ToArray();
        var results = await Task.WhenAll(appends);

        var positions = results.SelectMany(r => r.Select(x => x.Position)).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), positions);
        Assert.All(results, r => Assert.Equal(r[0].Position + 1, r[1].Position));
        Assert.Equal(400, await _storage.Log.CountAsync());
    }

    [Fact]
    public async Task state_after_is_written_with_the_position_of_the_batchs_last_event()
    {
        await _storage.Log.AppendAsync(Batch(Event("e0", "other")));
        await _storage.Log.AppendAsync(new AppendBatch([Event("e1", "a"), Event("e2", "a")], State("a", """{"x":1}""")));

        var snapshot = await _storage.Snapshots.LoadAsync("a");

        Assert.NotNull(snapshot);
        Assert.Equal(3, snapshot.Position);
        Assert.Equal("""{"x":1}""", Text(snapshot.Properties!.Value));
        Assert.Equal(Start, snapshot.LastUpdated);
    }

    [Fact]
    public async Task state_after_is_not_written_when_a_batch_contains_a_duplicate()
    {
        await _storage.Log.AppendAsync(new AppendBatch([Event("e1", "a")], State("a", """{"x":1}""")));

        await _storage.Log.AppendAsync(new AppendBatch([Event("e2", "a"), Event("e1", "a")], State("a", """{"x":2}""")));

        var snapshot = await _storage.Snapshots.LoadAsync("a");
        Assert.Equal("""{"x":1}""", Text(snapshot!.Properties!.Value));
        Assert.Equal(1, snapshot.Position);
    }

    [Fact]
    public async Task a_deleted_state_is_remembered_at_its_position_and_not_listed()
    {
        await _storage.Log.AppendAsync(new AppendBatch([Event("e1", "a")], State("a", """{"x":1}""")));
        await _storage.Log.AppendAsync(new AppendBatch([Event("e2", "a")], Deleted("a")));

        var snapshot = await _storage.Snapshots.LoadAsync("a");

        Assert.NotNull(snapshot);
        Assert.Null(snapshot.Properties);
        Assert.False(snapshot.Exists);
        Assert.Equal(2, snapshot.Position);
        Assert.Empty(await _storage.Index.ListAsync(new EntityFilter(), null, 10));
        Assert.Equal(0, await _storage.Index.CountAsync(new EntityFilter()));
    }

    [Fact]
    public async Task stored_changes_are_announced_in_log_order_before_the_appender_resumes()
    {
        var appends = Enumerable.Range(0, 100)
            .Select(i => _storage.Log.AppendAsync(new AppendBatch([Event($"e{i}", $"a{i}") with { Change = Removal($"a{i}") }])))
            .ToArray();

        var results = await Task.WhenAll(appends);

        // Every append has completed, and each announced before completing: all 100 are queued, in log order.
        var announced = new List<string>();
        while (_storage.Changes.Reader.TryRead(out var change))
            announced.Add(change.EntityId);
        var byPosition = results.Select((r, i) => (r[0].Position, Id: $"a{i}")).OrderBy(x => x.Position).Select(x => x.Id);
        Assert.Equal(byPosition, announced);
    }

    [Fact]
    public async Task a_batch_with_a_duplicate_announces_only_the_events_it_stored()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", "a")));

        await _storage.Log.AppendAsync(new AppendBatch([
            Event("e1", "a") with { Change = Removal("retried") },
            Event("e2", "a") with { Change = Removal("stored") }]));

        // Announcing happens before the append completes, so everything announced is queued by now.
        Assert.True(_storage.Changes.Reader.TryRead(out var announced));
        Assert.Equal("stored", announced.EntityId);
        Assert.False(_storage.Changes.Reader.TryRead(out _));
    }

    private static EntityDeleted Removal(string entityId) => new(entityId, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task a_failed_commit_fails_every_batch_in_it_and_the_writer_keeps_serving()
    {
        // Forge a row at the next position behind the writer's back, so every commit collides on it.
        Execute("INSERT INTO events (position, event_id, entity_id, source, accepted_at, envelope) VALUES (1, 'forged', NULL, 's', 0, x'00')");
        var failed = Enumerable.Range(0, 5)
            .Select(i => _storage.Log.AppendAsync(new AppendBatch(
                [Event($"e{i}", $"entity-{i}") with { Change = Removal($"entity-{i}") }], State($"entity-{i}", """{"x":1}"""))))
            .ToArray();

        foreach (var append in failed)
        {
            await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => append);
        }

        Assert.False(_storage.Changes.Reader.TryRead(out _), "a rolled-back append must announce nothing");
        Assert.Equal(0, await _storage.Index.CountAsync(new EntityFilter()));
        Assert.Equal(0, await _storage.Log.CountAsync());

        Execute("DELETE FROM events WHERE event_id = 'forged'");
        var next = await _storage.Log.AppendAsync(Batch(Event("e0", "entity-0")));
        Assert.Equal([new AppendResult(1, false)], next);
    }

    [Fact]
    public async Task count_survives_a_reopen()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", "a"), Event("e2", "a"), Event("e3", null)));
        _storage.Dispose();
        _storage = new EmbeddedStorage(_directory.Path);

        Assert.Equal(3, await _storage.Log.CountAsync());
        Assert.Equal([new AppendResult(4, false)], await _storage.Log.AppendAsync(Batch(Event("e4", "a"))));
    }

    [Fact]
    public async Task large_groups_split_into_several_statements_keep_every_event()
    {
        var events = Enumerable.Range(0, 1000).Select(i => Event($"e{i}", $"entity-{i % 10}")).ToArray();

        var results = await _storage.Log.AppendAsync(new AppendBatch(events));

        Assert.Equal(Enumerable.Range(1, 1000).Select(i => new AppendResult(i, false)), results);
        var replay = await _storage.Log.ReadEntityAsync("entity-3", 0).ToListAsync();
        Assert.Equal(100, replay.Count);
        Assert.Equal(events.Where(e => e.EntityId == "entity-3").Select(e => e.EventId), replay.Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task committed_pages_are_checkpointed_into_the_database_file_in_the_background()
    {
        var before = new FileInfo(_storage.DatabasePath).Length;
        await _storage.Log.AppendAsync(new AppendBatch(Enumerable.Range(0, 2000).Select(i => Event($"e{i}", $"entity-{i}")).ToArray()));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(_storage.DatabasePath).Length <= before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(new FileInfo(_storage.DatabasePath).Length > before + 100_000);
    }

    private void Execute(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_storage.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
