using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>
/// Listing and batch delete select by one rule (docs/api.md §6.4, §6.7): a namespace filter selects ids
/// whose text before the first '/' equals it, so an empty namespace is a value, never "everything".
/// Each test has its own server: batch deletes here would reach other tests' entities.
/// </summary>
public sealed class SelectionTests
{
    private static async Task<FluxServer> StartWithAsync(params string[] ids)
    {
        var server = await FluxServer.StartAsync();
        foreach (var id in ids)
            await server.Api.PublishOkAsync(id, FluxApi.Props("a", 1));
        return server;
    }

    [Fact]
    public async Task an_empty_namespace_deletes_only_ids_starting_with_a_slash()
    {
        await using var server = await StartWithAsync("plain-1", "ns1/e1", "/lead");
        var api = server.Api;

        Assert.Equal(["/lead"], await api.ListIdsAsync("?namespace="));
        var deleted = Expect.Ok(await api.BatchDeleteAsync("""{"namespace":""}""")).Json;

        Assert.Equal(1, deleted.GetProperty("deleted").GetInt32());
        Assert.Equal(["flux-core/directory", "ns1/e1", "plain-1"], await api.ListIdsAsync());
    }

    [Fact]
    public async Task a_namespace_that_is_a_prefix_of_another_selects_only_its_own_ids()
    {
        await using var server = await StartWithAsync("ns/a", "ns/b/c", "ns1/a", "nsx", "ü/ber", "ü");
        var api = server.Api;

        Assert.Equal(["ns/a", "ns/b/c"], await api.ListIdsAsync("?namespace=ns"));
        Assert.Equal(["ü/ber"], await api.ListIdsAsync("?namespace=%C3%BC"));
        Assert.Empty(await api.ListIdsAsync("?namespace=ns/b"));
        Assert.Empty(await api.ListIdsAsync("?namespace=%2F"));

        Assert.Equal(0, Expect.Ok(await api.BatchDeleteAsync("""{"namespace":"/"}""")).Json.GetProperty("deleted").GetInt32());
        Assert.Equal(0, Expect.Ok(await api.BatchDeleteAsync("""{"namespace":"ns/b"}""")).Json.GetProperty("deleted").GetInt32());
        Assert.Equal(2, Expect.Ok(await api.BatchDeleteAsync("""{"namespace":"ns"}""")).Json.GetProperty("deleted").GetInt32());
        Assert.Equal(["flux-core/directory", "ns1/a", "nsx", "ü", "ü/ber"], await api.ListIdsAsync());
    }

    [Fact]
    public async Task a_null_filter_counts_as_absent_and_none_present_is_refused()
    {
        await using var server = await StartWithAsync("keep/a", "zz-1", "zz-2");
        var api = server.Api;

        var byPrefix = Expect.Ok(await api.BatchDeleteAsync("""{"namespace":null,"prefix":"zz-"}""")).Json;
        Assert.Equal(2, byPrefix.GetProperty("deleted").GetInt32());
        Expect.Error(await api.BatchDeleteAsync("""{"namespace":null}"""), 400, "request must contain one of 'namespace', 'prefix' or 'entity_ids'");
        Assert.Equal(["flux-core/directory", "keep/a"], await api.ListIdsAsync());
    }

    [Fact]
    public async Task an_empty_prefix_lists_everything_and_combines_with_a_namespace()
    {
        await using var server = await StartWithAsync("a/x", "a/y", "b/x");
        var api = server.Api;

        Assert.Equal(["a/x", "a/y", "b/x", "flux-core/directory"], await api.ListIdsAsync("?prefix="));
        Assert.Equal(["a/y"], await api.ListIdsAsync("?prefix=a/y&namespace=a"));
        Assert.Empty(await api.ListIdsAsync("?prefix=b&namespace=a"));
    }
}
