using System.Text;
using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

public sealed class EntityIndexTests : IDisposable
{
    private static readonly string LongId = "long/" + new string('x', 507);

    private static readonly string[] TrickyIds =
    [
        "a%b", "a_b", "aXb", "a*", "a>", "a b", "A b", "a", "a/", "a/b", "ab", "a\u0000b", "a\u0000",
        "🚀/rocket", "ü/ber", "\uFFFD", "\uE000", "/leading", "matt/sensor-01", "matt/sensor-02", "mattx/1", "matt",
        LongId,
    ];

    private readonly TempDataDirectory _directory = new();
    private readonly EmbeddedStorage _storage;
    private int _sequence;

    public EntityIndexTests() => _storage = new EmbeddedStorage(_directory.Path);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task every_id_round_trips_and_lists_in_code_point_order()
    {
        await Write(TrickyIds);

        var listed = await _storage.Index.ListAsync(new EntityFilter(), null, 100);

        Assert.Equal(TrickyIds.Order(Utf8Order.Instance), listed.Select(r => r.Id));
        Assert.Equal(512, Encoding.UTF8.GetByteCount(LongId));
        foreach (var id in TrickyIds)
        {
            var snapshot = await _storage.Snapshots.LoadAsync(id);
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
        await Write(TrickyIds);

        var listed = await _storage.Index.ListAsync(new EntityFilter(Prefix: prefix), null, 100);

        var expected = TrickyIds.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Order(Utf8Order.Instance);
        Assert.Equal(expected, listed.Select(r => r.Id));
        Assert.Equal(expected.Count(), await _storage.Index.CountAsync(new EntityFilter(Prefix: prefix)));
    }

    [Fact]
    public async Task a_prefix_ending_in_the_last_code_point_still_matches()
    {
        var max = char.ConvertFromUtf32(0x10FFFF);
        await Write(["p" + max, "p" + max + "z", "q"]);

        var listed = await _storage.Index.ListAsync(new EntityFilter(Prefix: "p" + max), null, 100);

        Assert.Equal(["p" + max, "p" + max + "z"], listed.Select(r => r.Id));
    }

    [Fact]
    public async Task namespace_filter_matches_ids_whose_text_before_the_first_slash_equals_it()
    {
        await Write(TrickyIds);

        var matt = await _storage.Index.ListAsync(new EntityFilter(Namespace: "matt"), null, 100);
        var both = await _storage.Index.ListAsync(new EntityFilter(Prefix: "matt/sensor-02", Namespace: "matt"), null, 100);
        var none = await _storage.Index.ListAsync(new EntityFilter(Prefix: "mattx", Namespace: "matt"), null, 100);

        Assert.Equal(["matt/sensor-01", "matt/sensor-02"], matt.Select(r => r.Id));
        Assert.Equal(["matt/sensor-02"], both.Select(r => r.Id));
        Assert.Empty(none);
    }

    [Fact]
    public async Task pages_after_an_id_cover_every_entity_once()
    {
        await Write(TrickyIds);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await _storage.Index.ListAsync(new EntityFilter(), after, 4);
            seen.AddRange(page.Select(r => r.Id));
            if (page.Count < 4)
            {
                break;
            }

            after = page[^1].Id;
        }

        Assert.Equal(TrickyIds.Order(Utf8Order.Instance), seen);
    }

    [Fact]
    public async Task namespace_stats_group_existing_entities_and_count_the_unnamespaced()
    {
        var early = Start;
        var late = Start.AddSeconds(5).AddTicks(3180);
        await Write(["matt/a", "/leading", "flat", "flux-core/directory"], early);
        await Write(["matt/b", "dawn-coral/x"], late);
        await Write(["matt/gone"], late.AddDays(1));
        await _storage.Log.AppendAsync(new AppendBatch([Event("delete-gone", "matt/gone")], Deleted("matt/gone", late.AddDays(1))));

        var (namespaces, unnamespaced) = await _storage.Index.GetNamespaceStatsAsync("flux-core");

        Assert.Equal(
            [new NamespaceStats("dawn-coral", 1, late), new NamespaceStats("matt", 2, late)],
            namespaces);
        Assert.Equal(2, unnamespaced);
    }

    [Fact]
    public async Task an_older_snapshot_does_not_overwrite_a_newer_row()
    {
        await Write(["a"]);
        var current = await _storage.Snapshots.LoadAsync("a");

        await _storage.Snapshots.WriteAsync(new EntitySnapshot("a", Encoding.UTF8.GetBytes("""{"old":true}"""), Start, current!.Position - 1));
        await _storage.Snapshots.WriteAsync(new EntitySnapshot("b", Encoding.UTF8.GetBytes("""{"new":true}"""), Start, 7));

        Assert.Equal(current.Properties!.Value.ToArray(), (await _storage.Snapshots.LoadAsync("a"))!.Properties!.Value.ToArray());
        Assert.Equal(7, (await _storage.Snapshots.LoadAsync("b"))!.Position);
        Assert.Null(await _storage.Snapshots.LoadAsync("never"));
    }

    [Fact]
    public async Task a_snapshot_at_the_same_position_replaces_the_row()
    {
        await _storage.Snapshots.WriteAsync(new EntitySnapshot("flux-core/directory", Encoding.UTF8.GetBytes("""{"total_entities":1}"""), Start, 0));
        await _storage.Snapshots.WriteAsync(new EntitySnapshot("flux-core/directory", Encoding.UTF8.GetBytes("""{"total_entities":2}"""), Start.AddSeconds(10), 0));

        var row = Assert.Single(await _storage.Index.ListAsync(new EntityFilter(Namespace: "flux-core"), null, 10));
        Assert.Equal("""{"total_entities":2}""", Text(row.Properties));
        Assert.Equal(Start.AddSeconds(10), row.LastUpdated);
    }

    private async Task Write(IEnumerable<string> ids, DateTimeOffset? at = null)
    {
        await Task.WhenAll(ids.Select(id => _storage.Log.AppendAsync(new AppendBatch(
            [Event($"event-{Interlocked.Increment(ref _sequence)}", id, at)],
            State(id, $$"""{"id":{{id.Length}}}""", at)))));
    }
}
