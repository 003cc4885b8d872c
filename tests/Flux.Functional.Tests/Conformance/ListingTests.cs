using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>GET /api/state/entities with its filters (docs/api.md §6.4; checklist 16–17).</summary>
[Trait("Suite", "conformance")]
public sealed class ListingTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task the_namespace_filter_matches_the_text_before_the_first_slash_exactly()
    {
        var ns = Ids.Unique("matt");
        foreach (var id in new[] { $"{ns}/x", $"{ns}/room/101", $"{ns}-x", ns, $"{ns}x/y" })
            await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var ids = await Eventually.HoldsAsync(() => _api.ListIdsAsync("?namespace=" + ns), l => l.Count >= 2, Wait, "namespace listing");
        Assert.Equal([$"{ns}/room/101", $"{ns}/x"], ids);
    }

    [Fact]
    public async Task the_prefix_filter_is_ordinal_and_case_sensitive()
    {
        var p = Ids.Unique("host");
        foreach (var id in new[] { $"{p}-web-01", $"{p}-web-02", $"{p}-db-01", $"{p.ToUpperInvariant()}-web-03" })
            await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var ids = await Eventually.HoldsAsync(() => _api.ListIdsAsync($"?prefix={p}-web"), l => l.Count >= 2, Wait, "prefix listing");
        Assert.Equal([$"{p}-web-01", $"{p}-web-02"], ids);
    }

    [Fact]
    public async Task namespace_and_prefix_combine_with_and()
    {
        var ns = Ids.Unique("combo");
        foreach (var id in new[] { $"{ns}/sensor-1", $"{ns}/sensor-2", $"{ns}/door-1", $"{ns}-sensor" })
            await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var ids = await Eventually.HoldsAsync(() => _api.ListIdsAsync($"?namespace={ns}&prefix={ns}/sensor"), l => l.Count >= 2, Wait, "combined listing");
        Assert.Equal([$"{ns}/sensor-1", $"{ns}/sensor-2"], ids);
    }

    [Fact]
    public async Task the_list_is_sorted_by_id_in_ordinal_order()
    {
        var p = Ids.Unique("sort");
        var written = new[] { $"{p}-b", $"{p}-B", $"{p}-a", $"{p}-ä", $"{p}/z", $"{p}-10", $"{p}-9", $"{p}_" };
        foreach (var id in written)
            await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var ids = await Eventually.HoldsAsync(() => _api.ListIdsAsync("?prefix=" + p), l => l.Count >= written.Length, Wait, "sorted listing");
        Assert.Equal(written.Order(StringComparer.Ordinal).ToList(), ids);

        var all = await _api.ListIdsAsync();
        Assert.Equal(all.Order(StringComparer.Ordinal).ToList(), all);
    }

    [Fact]
    public async Task the_listing_returns_whole_entities_and_includes_the_system_entity()
    {
        var id = Ids.Unique("whole");
        await _api.PublishOkAsync(id, FluxApi.Props("k", "v"));
        await _api.ListIdsShowingAsync(id);
        var response = Expect.Ok(await _api.ListAsync());
        Expect.JsonContentType(response);
        var entities = response.Json.EnumerateArray().ToList();
        Assert.Contains(entities, e => e.GetProperty("id").GetString() == "flux-core/directory");
        var mine = Assert.Single(entities, e => e.GetProperty("id").GetString() == id);
        Expect.Keys(mine, "id", "properties", "lastUpdated");
        Expect.SameJson((await _api.GetEntityOkAsync(id)), mine, "listed entity equals GET");
        Assert.All(entities, e => Expect.Keys(e, "id", "properties", "lastUpdated"));
    }

    [Fact]
    public async Task the_flux_core_namespace_lists_the_directory()
    {
        var ids = await _api.ListIdsAsync("?namespace=flux-core");
        Assert.Equal(["flux-core/directory"], ids);
    }

    [Fact]
    public async Task no_match_is_an_empty_array_and_unknown_parameters_are_ignored()
    {
        var none = Expect.Ok(await _api.ListAsync("?prefix=" + Ids.Unique("nothing")));
        Assert.Equal("[]", none.Body.Trim());
        var id = Ids.Unique("unknown-param");
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var ids = await Eventually.HoldsAsync(() => _api.ListIdsAsync($"?prefix={id}&bogus=1&limit=0"), l => l.Count >= 1, Wait, "listing with unknown parameters");
        Assert.Equal([id], ids);
        var empty = await _api.ListIdsAsync("?prefix=");
        Assert.Contains(id, empty);
    }

    [Fact]
    public async Task a_new_entity_is_listed_within_two_seconds_of_its_acknowledgement()
    {
        var id = Ids.Unique("g3");
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        await Eventually.HoldsAsync(() => _api.ListIdsAsync("?prefix=" + id), l => l.Contains(id), MetricsProbe.Settle, "listing shows the write within the G3 bound");
    }
}
