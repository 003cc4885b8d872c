using System.Text;
using static Flux.Storage.Postgres.Tests.TestStates;

namespace Flux.Storage.Postgres.Tests;

/// <summary>The embedded store's index and snapshot behaviour (tests/Flux.Storage.Tests/EntityIndexTests.cs, EntitySelectionTests.cs), on PostgreSQL.</summary>
public sealed class PostgresEntityIndexTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private static readonly string LongId = "long/" + new string('x', 507);

    private static readonly string[] TrickyIds =
    [
        "a%b", "a_b", "aXb", "a*", "a>", "a b", "A b", "a", "a/", "a/b", "ab", "a\u0000b", "a\u0000",
        "🚀/rocket", "ü/ber", "\uFFFD", "\uE000", "/leading", "matt/sensor-01", "matt/sensor-02", "mattx/1", "matt",
        LongId,
    ];

    private static readonly string[] SelectionIds =
    [
        "plain-1", "ns1/e1", "ns/e1", "ns/deep/e2", "ns1x/e1", "/lead", "//double", "ü/ber", "ü", "🚀/rocket", "ns", "ns/",
    ];

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

    [Fact]
    public async Task every_id_round_trips_and_lists_in_code_point_order()
    {
        await Write(TrickyIds);

        var listed = await _index.ListAsync(new EntityFilter(), null, 100);

        Assert.Equal(TrickyIds.Order(Utf8Order.Instance), listed.Select(r => r.Id));
        Assert.Equal(512, Encoding.UTF8.GetByteCount(LongId));
        foreach (var id in TrickyIds)
        {
            var snapshot = await _snapshots.LoadAsync(id);
            Assert.Equal($$"""{"id":{{id.Length}}}""", Text(snapshot!.Properties!.Value));
        }
    }

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

    [Theory]
    [InlineData("a%")]
    [InlineData("a_")]
    [InlineData("a\u0000")]
    [InlineData("a")]
    [InlineData("A")]
    [InlineData("a/")]
    [InlineData("🚀")]
    [InlineData("matt/sensor")]
    [InlineData("\uFFFD")]
    public async Task prefix_matches_literally_and_case_sensitively(string prefix)
    {
        await Write(TrickyIds);

        var listed = await _index.ListAsync(new EntityFilter(Prefix: prefix), null, 100);

        var expected = TrickyIds.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Order(Utf8Order.Instance);
        Assert.Equal(expected, listed.Select(r => r.Id));
        Assert.Equal(expected.Count(), await _index.CountAsync(new EntityFilter(Prefix: prefix)));
    }

    [Fact]
    public async Task a_prefix_ending_in_the_last_code_point_still_matches()
    {
        var max = char.ConvertFromUtf32(0x10FFFF);
        await Write(["p" + max, "p" + max + "z", "q"]);

        var listed = await _index.ListAsync(new EntityFilter(Prefix: "p" + max), null, 100);

        Assert.Equal(["p" + max, "p" + max + "z"], listed.Select(r => r.Id));
    }

    [Fact]
    public async Task namespace_filter_matches_ids_whose_text_before_the_first_slash_equals_it()
    {
        await Write(TrickyIds);

        var matt = await _index.ListAsync(new EntityFilter(Namespace: "matt"), null, 100);
        var both = await _index.ListAsync(new EntityFilter(Prefix: "matt/sensor-02", Namespace: "matt"), null, 100);
        var none = await _index.ListAsync(new EntityFilter(Prefix: "mattx", Namespace: "matt"), null, 100);

        Assert.Equal(["matt/sensor-01", "matt/sensor-02"], matt.Select(r => r.Id));
        Assert.Equal(["matt/sensor-02"], both.Select(r => r.Id));
        Assert.Empty(none);
    }

    public static TheoryData<string?, string?, string[]> Selections => new()
    {
        { null, null, SelectionIds },
        { null, "", ["/lead", "//double"] },
        { null, "ns", ["ns/e1", "ns/deep/e2", "ns/"] },
        { null, "ns1", ["ns1/e1"] },
        { null, "/", [] },
        { null, "ns/deep", [] },
        { null, "ü", ["ü/ber"] },
        { null, "🚀", ["🚀/rocket"] },
        { null, "plain-1", [] },
        { "", null, SelectionIds },
        { "ns1", null, ["ns1/e1", "ns1x/e1"] },
        { "/", null, ["/lead", "//double"] },
        { "ns/d", "ns", ["ns/deep/e2"] },
        { "ns1", "ns", [] },
        { "", "", ["/lead", "//double"] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task the_index_lists_and_counts_exactly_the_ids_the_filter_matches(string? prefix, string? ns, string[] expected)
    {
        await Write(SelectionIds);
        var filter = new EntityFilter(prefix, ns);

        var listed = (await _index.ListAsync(filter, null, 100)).Select(r => r.Id).ToHashSet();

        Assert.Equal(expected.ToHashSet(), SelectionIds.Where(filter.Matches).ToHashSet());
        Assert.Equal(expected.ToHashSet(), listed);
        Assert.Equal(expected.Length, await _index.CountAsync(filter));
    }

    [Fact]
    public async Task pages_after_an_id_cover_every_entity_once()
    {
        await Write(TrickyIds);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await _index.ListAsync(new EntityFilter(), after, 4);
            seen.AddRange(page.Select(r => r.Id));
            if (page.Count < 4) break;
            after = page[^1].Id;
        }

        Assert.Equal(TrickyIds.Order(Utf8Order.Instance), seen);
    }

    [Fact]
    public async Task deleted_entities_are_neither_listed_nor_counted_but_keep_their_position()
    {
        await Write(["keep", "gone"]);
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
    public async Task namespace_stats_group_existing_entities_and_count_the_unnamespaced()
    {
        var early = Start;
        var late = Start.AddSeconds(5).AddTicks(3180);
        await Write(["matt/a", "/leading", "flat", "flux-core/directory"], early);
        await Write(["matt/b", "dawn-coral/x"], late);
        await Write(["matt/gone"], late.AddDays(1));
        await _snapshots.WriteAsync(Deleted("matt/gone", 2, late.AddDays(1)));

        var (namespaces, unnamespaced) = await _index.GetNamespaceStatsAsync("flux-core");

        Assert.Equal([new NamespaceStats("dawn-coral", 1, late), new NamespaceStats("matt", 2, late)], namespaces);
        Assert.Equal(2, unnamespaced);
    }

    [Fact]
    public async Task an_older_snapshot_does_not_overwrite_a_newer_row()
    {
        await _snapshots.WriteAsync(State("a", """{"current":true}""", 8));

        await _snapshots.WriteAsync(State("a", """{"old":true}""", 7));
        await _snapshots.WriteAsync(State("b", """{"new":true}""", 7));

        Assert.Equal("""{"current":true}""", Text((await _snapshots.LoadAsync("a"))!.Properties!.Value));
        Assert.Equal(7, (await _snapshots.LoadAsync("b"))!.Position);
        Assert.Null(await _snapshots.LoadAsync("never"));
    }

    [Fact]
    public async Task a_snapshot_at_the_same_position_replaces_the_row()
    {
        await _snapshots.WriteAsync(State("flux-core/directory", """{"total_entities":1}""", 0));
        await _snapshots.WriteAsync(State("flux-core/directory", """{"total_entities":2}""", 0, Start.AddSeconds(10)));

        var row = Assert.Single(await _index.ListAsync(new EntityFilter(Namespace: "flux-core"), null, 10));
        Assert.Equal("""{"total_entities":2}""", Text(row.Properties));
        Assert.Equal(Start.AddSeconds(10), row.LastUpdated);
    }

    [Fact]
    public async Task a_stateless_row_at_position_zero_is_no_snapshot()
    {
        await _snapshots.WriteAsync(Deleted("head-only", 0));

        Assert.Null(await _snapshots.LoadAsync("head-only"));
    }

    private Task Write(IEnumerable<string> ids, DateTimeOffset? at = null) =>
        Task.WhenAll(ids.Select(id => _snapshots.WriteAsync(State(id, $$"""{"id":{{id.Length}}}""", 1, at))));
}
