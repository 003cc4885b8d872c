using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

/// <summary>
/// One selection rule (<see cref="EntityFilter"/>) for listing, counting, batch delete and namespace counts:
/// the index selects exactly the ids <see cref="EntityFilter.Matches"/> accepts, at every edge.
/// </summary>
public sealed class EntitySelectionTests : IDisposable
{
    private static readonly string[] Ids =
    [
        "plain-1", "ns1/e1", "ns/e1", "ns/deep/e2", "ns1x/e1", "/lead", "//double", "ü/ber", "ü", "🚀/rocket", "ns", "ns/",
    ];

    private readonly TempDataDirectory _directory = new();
    private readonly EmbeddedStorage _storage;

    public EntitySelectionTests() => _storage = new EmbeddedStorage(_directory.Path);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    public static TheoryData<string?, string?, string[]> Selections => new()
    {
        { null, null, Ids },
        { null, "", ["/lead", "//double"] },
        { null, "ns", ["ns/e1", "ns/deep/e2", "ns/"] },
        { null, "ns1", ["ns1/e1"] },
        { null, "/", [] },
        { null, "ns/deep", [] },
        { null, "ü", ["ü/ber"] },
        { null, "🚀", ["🚀/rocket"] },
        { null, "plain-1", [] },
        { "", null, Ids },
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
        await Task.WhenAll(Ids.Select((id, i) => _storage.Log.AppendAsync(new AppendBatch([Event($"e{i}", id)], State(id, """{"a":1}""")))));
        var filter = new EntityFilter(prefix, ns);

        var listed = (await _storage.Index.ListAsync(filter, null, 100)).Select(r => r.Id).ToHashSet();

        Assert.Equal(expected.ToHashSet(), Ids.Where(filter.Matches).ToHashSet());
        Assert.Equal(expected.ToHashSet(), listed);
        Assert.Equal(expected.Length, await _storage.Index.CountAsync(filter));
    }
}
