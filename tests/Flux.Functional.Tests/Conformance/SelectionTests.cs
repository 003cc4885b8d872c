using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>
/// Listing and batch delete select by one rule (docs/api.md §6.4, §6.7): a namespace filter selects ids
/// whose text before the first '/' equals it, so an empty namespace is a value, never "everything".
/// Each test has its own server: batch deletes here would reach other tests' entities.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class SelectionTests
{
    /// <summary>A deployment holding <paramref name="ids"/>, once the listing (which batch deletes match against) shows them all.</summary>
    private static async Task<FluxUnderTest> StartWithAsync(params string[] ids)
    {
        var server = await FluxUnderTest.StartAsync();
        foreach (var id in ids)
            await server.Api.PublishOkAsync(id, FluxApi.Props("a", 1));
        await Eventually.HoldsAsync(() => server.Api.ListIdsAsync(), listed => ids.All(listed.Contains), TimeSpan.FromSeconds(10), "every entity listed");
        return server;
    }

    /// <summary>Asserts the listing becomes <paramref name="expected"/>: after a delete it may lag (G3).</summary>
    private static Task AssertListsAsync(FluxApi api, string[] expected, string query = "") =>
        Eventually.HoldsAsync(() => api.ListIdsAsync(query), listed => listed.SequenceEqual(expected), TimeSpan.FromSeconds(10), $"the listing{query} is [{string.Join(", ", expected)}]");

    [Fact]
    public async Task an_empty_namespace_deletes_only_ids_starting_with_a_slash()
    {
        await using var server = await StartWithAsync("plain-1", "ns1/e1", "/lead");
        var api = server.Api;

        await AssertListsAsync(api, ["/lead"], "?namespace=");
        var deleted = Expect.Ok(await api.BatchDeleteAsync("""{"namespace":""}""")).Json;

        Assert.Equal(1, deleted.GetProperty("deleted").GetInt32());
        await AssertListsAsync(api, ["flux-core/directory", "ns1/e1", "plain-1"]);
    }

    [Fact]
    public async Task a_namespace_that_is_a_prefix_of_another_selects_only_its_own_ids()
    {
        await using var server = await StartWithAsync("ns/a", "ns/b/c", "ns1/a", "nsx", "ü/ber", "ü");
        var api = server.Api;

        await AssertListsAsync(api, ["ns/a", "ns/b/c"], "?namespace=ns");
        await AssertListsAsync(api, ["ü/ber"], "?namespace=%C3%BC");
        Assert.Empty(await api.ListIdsAsync("?namespace=ns/b"));
        Assert.Empty(await api.ListIdsAsync("?namespace=%2F"));

        Assert.Equal(0, Expect.Ok(await api.BatchDeleteAsync("""{"namespace":"/"}""")).Json.GetProperty("deleted").GetInt32());
        Assert.Equal(0, Expect.Ok(await api.BatchDeleteAsync("""{"namespace":"ns/b"}""")).Json.GetProperty("deleted").GetInt32());
        Assert.Equal(2, Expect.Ok(await api.BatchDeleteAsync("""{"namespace":"ns"}""")).Json.GetProperty("deleted").GetInt32());
        await AssertListsAsync(api, ["flux-core/directory", "ns1/a", "nsx", "ü", "ü/ber"]);
    }

    [Fact]
    public async Task a_null_filter_counts_as_absent_and_none_present_is_refused()
    {
        await using var server = await StartWithAsync("keep/a", "zz-1", "zz-2");
        var api = server.Api;

        var byPrefix = Expect.Ok(await api.BatchDeleteAsync("""{"namespace":null,"prefix":"zz-"}""")).Json;
        Assert.Equal(2, byPrefix.GetProperty("deleted").GetInt32());
        Expect.Error(await api.BatchDeleteAsync("""{"namespace":null}"""), 400, "request must contain one of 'namespace', 'prefix' or 'entity_ids'");
        await AssertListsAsync(api, ["flux-core/directory", "keep/a"]);
    }

    [Fact]
    public async Task an_empty_prefix_lists_everything_and_combines_with_a_namespace()
    {
        await using var server = await StartWithAsync("a/x", "a/y", "b/x");
        var api = server.Api;

        await AssertListsAsync(api, ["a/x", "a/y", "b/x", "flux-core/directory"], "?prefix=");
        await AssertListsAsync(api, ["a/y"], "?prefix=a/y&namespace=a");
        Assert.Empty(await api.ListIdsAsync("?prefix=b&namespace=a"));
    }
}
