using System.Text;
using Flux.Storage.Tests;
using static Flux.Storage.Postgres.Tests.TestStates;

namespace Flux.Storage.Postgres.Tests;

/// <summary>The index contract (<see cref="EntityIndexContract"/>) on PostgreSQL, where the write-behind writer upserts rows; and what only PostgreSQL's rows show.</summary>
public sealed class PostgresEntityIndexTests(PostgresFixture postgres) : EntityIndexContract, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private PostgresSnapshotStore _snapshots = null!;
    private PostgresEntityIndex _index = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateMigratedDatabaseAsync();
        _snapshots = new PostgresSnapshotStore(_database);
        _index = new PostgresEntityIndex(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    protected override IEntityIndex Index => _index;

    protected override ISnapshotStore Snapshots => _snapshots;

    protected override Task WriteAsync(string id, string propertiesJson, DateTimeOffset at) => _snapshots.WriteAsync(State(id, propertiesJson, 1, at));

    protected override Task DeleteAsync(string id, DateTimeOffset at) => _snapshots.WriteAsync(Deleted(id, 2, at));

    [Fact]
    public async Task properties_and_times_round_trip_byte_for_byte()
    {
        // Not normalised JSON: key order, spacing, escapes and a NUL escape stay exactly as handed over.
        var json = "{ \"z\":1,\"a\" : \"\\u0000\\u00e9é\",\"n\":1.50 }";
        var at = Start.AddTicks(1_234_567);
        await _snapshots.WriteAsync(State("exact", json, 3, at));

        var loaded = await _snapshots.LoadAsync("exact");
        var listed = Assert.Single(await _index.ListAsync(new EntityFilter(Prefix: "exact"), null, 10));

        Assert.Equal(Encoding.UTF8.GetBytes(json), loaded!.Properties!.Value.ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(json), listed.Properties.ToArray());
        Assert.Equal(Start.AddTicks(1_234_560), loaded.LastUpdated);
        Assert.Equal(3, loaded.Position);
    }

    [Fact]
    public async Task deleted_entities_are_neither_listed_nor_counted_but_keep_their_position()
    {
        await WriteAsync("keep", "{}", Start);
        await WriteAsync("gone", "{}", Start);
        await _snapshots.WriteAsync(Deleted("gone", 5));

        Assert.Equal(["keep"], (await _index.ListAsync(EntityFilter.All, null, 10)).Select(r => r.Id));
        Assert.Equal(1, await _index.CountAsync(EntityFilter.All));
        var tombstone = await _snapshots.LoadAsync("gone");
        Assert.False(tombstone!.Exists);
        Assert.Equal(5, tombstone.Position);
        await _snapshots.WriteAsync(State("gone", """{"back":"too old"}""", 4));
        Assert.False((await _snapshots.LoadAsync("gone"))!.Exists);
    }

    [Fact]
    public async Task a_stateless_row_at_position_zero_is_no_snapshot()
    {
        await _snapshots.WriteAsync(Deleted("head-only", 0));

        Assert.Null(await _snapshots.LoadAsync("head-only"));
    }
}
