using System.Text;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>The batch-delete size limit, default and configured (docs/api.md §6.7 step 4; checklist 15).</summary>
[Trait("Suite", "conformance")]
public sealed class BatchDeleteLimitTests
{
    [Fact]
    public async Task a_batch_delete_matching_10001_entities_is_refused_with_the_exact_message_and_deletes_nothing()
    {
        await using var server = await FluxUnderTest.StartAsync();
        var api = server.Api;
        // Activating 10,001 entities at once can outrun a loaded machine's timeouts; items answered as failed are
        // sent again, as a client does with a retryable failure. What is under test is the delete limit.
        var pending = Enumerable.Range(0, 10001).ToList();
        for (var round = 1; pending.Count > 0; round++)
        {
            var body = new StringBuilder("""{"events":[""");
            body.AppendJoin(",", pending.Select(i => JsonText.Fill("""{"stream":"load","source":"t","payload":{"entity_id":"loadtest-«0»","properties":{"i":«1»}}}""",
                i.ToString("00000", System.Globalization.CultureInfo.InvariantCulture), i)));
            body.Append("]}");
            var results = Expect.Ok(await api.BatchAsync(body.ToString())).Json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("error").GetString()).ToList();
            var errors = results.OfType<string>().Distinct().Take(3);
            pending = [.. pending.Where((_, k) => results[k] is not null)];
            Assert.True(pending.Count == 0 || round < 5, $"{pending.Count} items still failed after {round} rounds: " + string.Join(" | ", errors));
            if (pending.Count > 0)
                await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await Eventually.HoldsAsync(() => api.ListIdsAsync("?prefix=loadtest-"), ids => ids.Count == 10001, TimeSpan.FromSeconds(10), "10001 entities listed");

        Expect.Error(await api.BatchDeleteAsync("""{"prefix":"loadtest-"}"""), 400, "Batch too large: 10001 entities requested, max is 10000");
        Assert.Equal(10001, (await api.ListIdsAsync("?prefix=loadtest-")).Count);
        await api.GetEntityOkAsync("loadtest-00000");
        await api.GetEntityOkAsync("loadtest-10000");
    }

    [Fact]
    public async Task a_batch_delete_over_the_limit_states_how_many_entities_the_filter_selects()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_MAX_BATCH_DELETE"] = "5" });
        var api = server.Api;
        Expect.Ok(await api.BatchAsync(EventJson.Batch([.. Enumerable.Range(0, 9).Select(i => (System.Text.Json.Nodes.JsonNode)EventJson.Event($"nine/e{i}", FluxApi.Props("i", i)))])));
        // Matching uses the listing, which may lag the writes (G3).
        await Eventually.HoldsAsync(() => api.ListIdsAsync("?namespace=nine"), ids => ids.Count == 9, TimeSpan.FromSeconds(10), "nine entities listed");

        Expect.Error(await api.BatchDeleteAsync("""{"namespace":"nine"}"""), 400, "Batch too large: 9 entities requested, max is 5");
        Expect.Error(await api.BatchDeleteAsync("""{"prefix":"nine/"}"""), 400, "Batch too large: 9 entities requested, max is 5");
        Assert.Equal(9, (await api.ListIdsAsync("?namespace=nine")).Count);
    }

    [Fact]
    public async Task the_limit_comes_from_flux_max_batch_delete_and_applies_to_listed_ids()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_MAX_BATCH_DELETE"] = "5" });
        var api = server.Api;
        var ids = Enumerable.Range(0, 6).Select(i => $"\"limited-{i}\"").ToList();
        foreach (var i in Enumerable.Range(0, 6))
            await api.PublishOkAsync($"limited-{i}", FluxApi.Props("i", i));
        Expect.Error(await api.BatchDeleteAsync($$"""{"entity_ids":[{{string.Join(",", ids)}}]}"""), 400, "Batch too large: 6 entities requested, max is 5");
        await api.GetEntityOkAsync("limited-0");

        var five = Expect.Ok(await api.BatchDeleteAsync($$"""{"entity_ids":[{{string.Join(",", ids.Take(5))}}]}"""));
        Assert.Equal(5, five.Json.GetProperty("deleted").GetInt32());
        await api.GetEntityOkAsync("limited-5");
    }

    [Fact]
    public async Task an_empty_prefix_deletes_every_entity_except_the_system_entity()
    {
        await using var server = await FluxUnderTest.StartAsync();
        var api = server.Api;
        foreach (var id in new[] { "one", "two", "ns/three" })
            await api.PublishOkAsync(id, FluxApi.Props("a", 1));
        await Eventually.HoldsAsync(() => api.ListIdsAsync(), ids => ids.Count == 4, TimeSpan.FromSeconds(10), "three entities and the directory listed");
        var json = Expect.Ok(await api.BatchDeleteAsync("""{"prefix":""}""")).Json;
        Assert.Equal(3, json.GetProperty("deleted").GetInt32());
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        await Eventually.HoldsAsync(() => api.ListIdsAsync(), ids => ids.SequenceEqual(["flux-core/directory"]), TimeSpan.FromSeconds(10), "only the directory remains");
    }
}
