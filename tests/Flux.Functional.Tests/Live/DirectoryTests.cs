using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>The system entity `flux-core/directory` (docs/api.md §12; checklist 27).</summary>
[Trait("Suite", "conformance")]
public sealed class DirectoryTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private const string Directory = "flux-core/directory";
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(6);
    private readonly FluxApi _api = fixture.Api;

    private static JsonElement Properties(JsonElement directory) => directory.GetProperty("properties");

    private static void AssertInvariant(JsonElement directory)
    {
        var p = Properties(directory);
        Expect.Keys(p, "total_entities", "namespace_count", "namespaces", "unnamespaced_entities");
        var namespaces = p.GetProperty("namespaces").EnumerateArray().ToList();
        Assert.Equal(namespaces.Count, p.GetProperty("namespace_count").GetInt32());
        var sum = namespaces.Sum(n => n.GetProperty("entity_count").GetInt64());
        Assert.True(p.GetProperty("total_entities").GetInt64() == p.GetProperty("unnamespaced_entities").GetInt64() + sum,
            $"total_entities must equal unnamespaced_entities + Σ entity_count: {directory.GetRawText()}");
        var names = namespaces.Select(n => n.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);
        Assert.DoesNotContain("flux-core", names);
        foreach (var n in namespaces)
        {
            Expect.Keys(n, "name", "entity_count", "last_updated");
            Assert.True(n.GetProperty("entity_count").GetInt64() >= 1, directory.GetRawText());
            Assert.True(Msg.IsServerTimestamp(n.GetProperty("last_updated").GetString()), directory.GetRawText());
        }
    }

    [Fact]
    public async Task on_an_empty_server_it_exists_with_zero_entities_and_after_writes_it_counts_them_and_refuses_writes()
    {
        await using var server = await FluxUnderTest.StartAsync();
        var api = server.Api;
        var empty = Expect.Ok(await api.SendAsync(HttpMethod.Get, "api/state/entities/flux-core%2Fdirectory"));
        Expect.Keys(empty.Json, "id", "properties", "lastUpdated");
        Assert.Equal(Directory, empty.Json.GetProperty("id").GetString());
        Expect.SameJson(JsonDocument.Parse("""{"total_entities":0,"namespace_count":0,"namespaces":[],"unnamespaced_entities":0}""").RootElement, Properties(empty.Json), "empty directory");
        Assert.True(Msg.IsServerTimestamp(empty.Json.GetProperty("lastUpdated").GetString()), empty.ToString());

        await api.PublishOkAsync("a/x", FluxApi.Props("v", 1));
        await api.PublishOkAsync("a/y", FluxApi.Props("v", 1));
        await api.PublishOkAsync("z", FluxApi.Props("v", 1));
        var lastA = (await api.GetEntityOkAsync("a/y")).GetProperty("lastUpdated").GetString();
        var full = await Eventually.HoldsAsync(() => api.GetEntityOkAsync(Directory), d => Properties(d).GetProperty("total_entities").GetInt32() == 3, Refresh, "directory counts three entities");
        Expect.SameJson(JsonDocument.Parse(JsonText.Fill("""{"total_entities":3,"namespace_count":1,"namespaces":[{"name":"a","entity_count":2,"last_updated":"«0»"}],"unnamespaced_entities":1}""", lastA)).RootElement,
            Properties(full), "directory after a/x, a/y, z");

        Expect.Error(await api.PublishAsync(Directory, FluxApi.Props("total_entities", 0)), 403);
        Expect.Error(await api.DeleteAsync(Directory), 403);
        Expect.Ok(await api.GetEntityAsync(Directory));
    }

    [Fact]
    public async Task it_is_consistent_with_the_listing_and_counts_ids_starting_with_a_slash_as_unnamespaced()
    {
        var ns = Ids.Unique("dir");
        await _api.PublishOkAsync($"{ns}/one", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{ns}/two/deep", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"/{ns}-rooted", FluxApi.Props("v", 1));
        var directory = await Eventually.HoldsAsync(() => _api.GetEntityOkAsync(Directory),
            d => Properties(d).GetProperty("namespaces").EnumerateArray().Any(n => n.GetProperty("name").GetString() == ns && n.GetProperty("entity_count").GetInt32() == 2),
            Refresh, "directory lists the namespace");
        AssertInvariant(directory);
        Assert.DoesNotContain(Properties(directory).GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("name").GetString() == "");

        var settled = await Eventually.HoldsAsync(async () => (Dir: await _api.GetEntityOkAsync(Directory), Ids: await _api.ListIdsAsync()),
            x => Properties(x.Dir).GetProperty("total_entities").GetInt32() == x.Ids.Count(i => !i.StartsWith("flux-core/", StringComparison.Ordinal)),
            Refresh, "total_entities matches the listing");
        var unnamespaced = settled.Ids.Count(i => !i.StartsWith("flux-core/", StringComparison.Ordinal) && (!i.Contains('/', StringComparison.Ordinal) || i.StartsWith('/')));
        Assert.Equal(unnamespaced, Properties(settled.Dir).GetProperty("unnamespaced_entities").GetInt32());
    }

    [Fact]
    public async Task a_namespace_disappears_when_its_last_entity_is_deleted()
    {
        var ns = Ids.Unique("gone");
        await _api.PublishOkAsync($"{ns}/only", FluxApi.Props("v", 1));
        await Eventually.HoldsAsync(() => _api.GetEntityOkAsync(Directory), d => Properties(d).GetProperty("namespaces").EnumerateArray().Any(n => n.GetProperty("name").GetString() == ns), Refresh, "namespace listed");
        Expect.Ok(await _api.DeleteAsync($"{ns}/only"));
        var after = await Eventually.HoldsAsync(() => _api.GetEntityOkAsync(Directory), d => Properties(d).GetProperty("namespaces").EnumerateArray().All(n => n.GetProperty("name").GetString() != ns), Refresh, "namespace gone");
        AssertInvariant(after);
    }

    [Fact]
    public async Task the_namespace_last_updated_is_the_newest_entity_time()
    {
        var ns = Ids.Unique("newest");
        await _api.PublishOkAsync($"{ns}/a", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{ns}/b", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{ns}/a", FluxApi.Props("v", 2));
        var newest = (await _api.GetEntityOkAsync($"{ns}/a")).GetProperty("lastUpdated").GetString();
        await Eventually.HoldsAsync(() => _api.GetEntityOkAsync(Directory),
            d => Properties(d).GetProperty("namespaces").EnumerateArray().Any(n => n.GetProperty("name").GetString() == ns && n.GetProperty("last_updated").GetString() == newest && n.GetProperty("entity_count").GetInt32() == 2),
            Refresh, $"namespace last_updated {newest}");
    }

    [Fact]
    public async Task its_last_updated_moves_only_when_something_changed()
    {
        await _api.PublishOkAsync(Ids.Unique("settle"), FluxApi.Props("v", 1));
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.SubscribeAsync(Directory);
        var first = await _api.GetEntityOkAsync(Directory);
        await Eventually.HoldsAsync(async () => await _api.GetEntityOkAsync(Directory), d => JsonElement.DeepEquals(Properties(d), Properties(first)), Refresh, "directory settled");
        await socket.WaitForCountAsync(Msg.IsMetrics, 3, TimeSpan.FromSeconds(10), "three quiet seconds");
        var quiet = await _api.GetEntityOkAsync(Directory);
        var again = await _api.GetEntityOkAsync(Directory);
        Assert.Equal(quiet.GetProperty("lastUpdated").GetString(), again.GetProperty("lastUpdated").GetString());
        var mark = socket.Count;
        await socket.WaitForCountAsync(Msg.IsMetrics, 2, TimeSpan.FromSeconds(10), "two more quiet seconds", mark);
        Assert.Empty(socket.Messages(m => Msg.IsUpdateOf(m, Directory), mark));
        Assert.Equal(quiet.GetProperty("lastUpdated").GetString(), (await _api.GetEntityOkAsync(Directory)).GetProperty("lastUpdated").GetString());

        var ns = Ids.Unique("mover");
        await _api.PublishOkAsync($"{ns}/x", FluxApi.Props("v", 1));
        var update = await socket.WaitForAsync(m => Msg.IsUpdateOf(m, Directory), Refresh, "directory state_update after a change", mark);
        var moved = await _api.GetEntityOkAsync(Directory);
        Assert.NotEqual(quiet.GetProperty("lastUpdated").GetString(), moved.GetProperty("lastUpdated").GetString());
        Assert.Contains(update.GetProperty("property").GetString(), new[] { "total_entities", "namespace_count", "namespaces", "unnamespaced_entities" });
    }

    [Fact]
    public async Task it_has_no_history_and_is_counted_in_entities_total()
    {
        Assert.Equal("[]", Expect.Ok(await _api.HistoryAsync(Directory)).Body.Trim());
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var settled = await Eventually.HoldsAsync(async () => (M: await MetricsProbe.SettledAsync(socket), Ids: await _api.ListIdsAsync()),
            x => Msg.EntitiesTotal(x.M) == x.Ids.Count, TimeSpan.FromSeconds(20), "entities.total equals the listing length");
        Assert.Contains(Directory, settled.Ids);
    }

    [Fact]
    public async Task only_the_properties_that_changed_are_sent_with_the_new_last_updated()
    {
        var ns = Ids.Unique("delta");
        await _api.PublishOkAsync($"{ns}/first", FluxApi.Props("v", 1));
        await Eventually.HoldsAsync(() => _api.GetEntityOkAsync(Directory), d => Properties(d).GetProperty("namespaces").EnumerateArray().Any(n => n.GetProperty("name").GetString() == ns), Refresh, "namespace listed");
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.SubscribeAsync(Directory);
        await socket.WaitForCountAsync(Msg.IsMetrics, 3, TimeSpan.FromSeconds(10), "a quiet directory");
        var mark = socket.Count;

        await _api.PublishOkAsync($"{ns}/second", FluxApi.Props("v", 1));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, Directory), Refresh, "directory update", mark);
        await socket.WaitForCountAsync(Msg.IsMetrics, 3, TimeSpan.FromSeconds(10), "the refresh to finish", mark);
        var updates = socket.Messages(m => Msg.IsUpdateOf(m, Directory), mark);
        var properties = updates.Select(u => u.GetProperty("property").GetString()).ToList();
        Assert.True(properties.Order().SequenceEqual(["namespaces", "total_entities"]), $"a new entity in an existing namespace changes total_entities and namespaces only: {string.Join(", ", properties)}");
        Assert.Single(updates.Select(u => u.GetProperty("timestamp").GetString()).Distinct());
        var directory = await _api.GetEntityOkAsync(Directory);
        Assert.Equal(updates[0].GetProperty("timestamp").GetString(), directory.GetProperty("lastUpdated").GetString());
        Expect.SameJson(Properties(directory).GetProperty("total_entities"), updates.Single(u => u.GetProperty("property").GetString() == "total_entities").GetProperty("value"), "sent total_entities");
    }
}
