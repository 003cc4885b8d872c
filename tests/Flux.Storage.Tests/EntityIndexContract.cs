using System.Text;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

/// <summary>
/// What every profile's entity index and snapshot store do alike: the embedded store (<see cref="EntityIndexTests"/>)
/// and PostgreSQL (Flux.Storage.Postgres.Tests) each derive from this and say how an entity gets written there.
/// One selection rule (<see cref="EntityFilter"/>) serves listing, counting, batch delete and namespace counts:
/// the index selects exactly the ids <see cref="EntityFilter.Matches"/> accepts, at every edge.
/// </summary>
public abstract class EntityIndexContract
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

    protected abstract IEntityIndex Index { get; }

    protected abstract ISnapshotStore Snapshots { get; }

    /// <summary>Stores the entity with these properties the way the profile's writers do.</summary>
    protected abstract Task WriteAsync(string id, string propertiesJson, DateTimeOffset at);

    /// <summary>Stores the entity as deleted, after its write.</summary>
    protected abstract Task DeleteAsync(string id, DateTimeOffset at);

    [Fact]
    public async Task every_id_round_trips_and_lists_in_code_point_order()
    {
        await WriteAllAsync(TrickyIds);

        var listed = await Index.ListAsync(new EntityFilter(), null, 100);

        Assert.Equal(TrickyIds.Order(Utf8Order.Instance), listed.Select(r => r.Id));
        Assert.Equal(512, Encoding.UTF8.GetByteCount(LongId));
        foreach (var id in TrickyIds)
        {
            var snapshot = await Snapshots.LoadAsync(id);
            Assert.Equal($$"""{"id":{{id.Length}}}""", Text(snapshot!.Properties!.Value));
        }
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
        await WriteAllAsync(TrickyIds);

        var listed = await Index.ListAsync(new EntityFilter(Prefix: prefix), null, 100);

        var expected = TrickyIds.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Order(Utf8Order.Instance);
        Assert.Equal(expected, listed.Select(r => r.Id));
        Assert.Equal(expected.Count(), await Index.CountAsync(new EntityFilter(Prefix: prefix)));
    }

    [Fact]
    public async Task a_prefix_ending_in_the_last_code_point_still_matches()
    {
        var max = char.ConvertFromUtf32(0x10FFFF);
        await WriteAllAsync(["p" + max, "p" + max + "z", "q"]);

        var listed = await Index.ListAsync(new EntityFilter(Prefix: "p" + max), null, 100);

        Assert.Equal(["p" + max, "p" + max + "z"], listed.Select(r => r.Id));
    }

    [Fact]
    public async Task namespace_filter_matches_ids_whose_text_before_the_first_slash_equals_it()
    {
        await WriteAllAsync(TrickyIds);

        var matt = await Index.ListAsync(new EntityFilter(Namespace: "matt"), null, 100);
        var both = await Index.ListAsync(new EntityFilter(Prefix: "matt/sensor-02", Namespace: "matt"), null, 100);
        var none = await Index.ListAsync(new EntityFilter(Prefix: "mattx", Namespace: "matt"), null, 100);

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
    [MemberData(nameof(Selections), MemberType = typeof(EntityIndexContract))]
    public async Task the_index_lists_and_counts_exactly_the_ids_the_filter_matches(string? prefix, string? ns, string[] expected)
    {
        await WriteAllAsync(SelectionIds);
        var filter = new EntityFilter(prefix, ns);

        var listed = (await Index.ListAsync(filter, null, 100)).Select(r => r.Id).ToHashSet();

        Assert.Equal(expected.ToHashSet(), SelectionIds.Where(filter.Matches).ToHashSet());
        Assert.Equal(expected.ToHashSet(), listed);
        Assert.Equal(expected.Length, await Index.CountAsync(filter));
    }

    [Fact]
    public async Task pages_after_an_id_cover_every_entity_once()
    {
        await WriteAllAsync(TrickyIds);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await Index.ListAsync(new EntityFilter(), after, 4);
            seen.AddRange(page.Select(r => r.Id));
            if (page.Count < 4)
                break;
            after = page[^1].Id;
        }

        Assert.Equal(TrickyIds.Order(Utf8Order.Instance), seen);
    }

    [Fact]
    public async Task namespace_stats_group_existing_entities_and_count_the_unnamespaced()
    {
        var early = Start;
        var late = Start.AddSeconds(5).AddTicks(3180);
        await WriteAllAsync(["matt/a", "/leading", "flat", "flux-core/directory"], early);
        await WriteAllAsync(["matt/b", "dawn-coral/x"], late);
        await WriteAllAsync(["matt/gone"], late.AddDays(1));
        await DeleteAsync("matt/gone", late.AddDays(1));

        var (namespaces, unnamespaced) = await Index.GetNamespaceStatsAsync("flux-core");

        Assert.Equal([new NamespaceStats("dawn-coral", 1, late), new NamespaceStats("matt", 2, late)], namespaces);
        Assert.Equal(2, unnamespaced);
    }

    [Fact]
    public async Task an_older_snapshot_does_not_overwrite_a_newer_row()
    {
        await WriteAsync("a", """{"current":true}""", Start);
        var current = await Snapshots.LoadAsync("a");

        await Snapshots.WriteAsync(new EntitySnapshot("a", Encoding.UTF8.GetBytes("""{"old":true}"""), Start, current!.Position - 1));
        await Snapshots.WriteAsync(new EntitySnapshot("b", Encoding.UTF8.GetBytes("""{"new":true}"""), Start, 7));

        Assert.Equal("""{"current":true}""", Text((await Snapshots.LoadAsync("a"))!.Properties!.Value));
        Assert.Equal(7, (await Snapshots.LoadAsync("b"))!.Position);
        Assert.Null(await Snapshots.LoadAsync("never"));
    }

    [Fact]
    public async Task a_snapshot_at_the_same_position_replaces_the_row()
    {
        await Snapshots.WriteAsync(new EntitySnapshot("flux-core/directory", Encoding.UTF8.GetBytes("""{"total_entities":1}"""), Start, 0));
        await Snapshots.WriteAsync(new EntitySnapshot("flux-core/directory", Encoding.UTF8.GetBytes("""{"total_entities":2}"""), Start.AddSeconds(10), 0));

        var row = Assert.Single(await Index.ListAsync(new EntityFilter(Namespace: "flux-core"), null, 10));
        Assert.Equal("""{"total_entities":2}""", Text(row.Properties));
        Assert.Equal(Start.AddSeconds(10), row.LastUpdated);
    }

    private Task WriteAllAsync(IEnumerable<string> ids, DateTimeOffset? at = null) =>
        Task.WhenAll(ids.Select(id => WriteAsync(id, $$"""{"id":{{id.Length}}}""", at ?? Start)));
}
