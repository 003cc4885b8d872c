using System.Text;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.BadInput;

/// <summary>Hostile HTTP input gets a clear 4xx, never a 5xx, changes nothing and leaves the server serving (docs/architecture.md invariant 7).</summary>
[Trait("Suite", "conformance")]
public sealed class MalformedRequestTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    public static TheoryData<string> Corpus => MalformedCorpus.Names();

    [Fact]
    public void the_corpus_holds_at_least_sixty_requests()
    {
        Assert.True(MalformedCorpus.All.Count >= 60, $"only {MalformedCorpus.All.Count} requests");
        Assert.Equal(MalformedCorpus.All.Count, MalformedCorpus.All.Select(r => r.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task a_malformed_request_is_answered_with_a_json_4xx_and_the_server_keeps_serving(string name)
    {
        var request = MalformedCorpus.Named(name);
        var response = await request.SendAsync(_api.BaseAddress);
        MalformedCorpus.Check(request, response);
        Expect.Error(await _api.GetEntityAsync(MalformedRequest.TargetEntity), 404, "Entity not found");
        Assert.Empty(await _api.HistoryOkAsync(MalformedRequest.TargetEntity));
        Expect.Ok(await _api.GetEntityAsync("flux-core/directory"));
    }

    [Fact]
    public async Task the_whole_corpus_changes_no_state_and_no_counter()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var before = await MetricsProbe.SettledAsync(socket);
        var entitiesBefore = (await _api.ListAsync()).Body;
        var config = Expect.Ok(await _api.GetConfigAsync()).Body;

        // Every case runs even when one answers wrongly; the wrong answers are reported together at the end.
        var wrong = new List<string>();
        async Task RunAsync(MalformedRequest request)
        {
            var response = await request.SendAsync(_api.BaseAddress);
            try
            {
                MalformedCorpus.Check(request, response);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                lock (wrong)
                    wrong.Add(e.Message);
            }
        }
        foreach (var request in MalformedCorpus.All)
            await RunAsync(request);
        await Task.WhenAll(MalformedCorpus.All.Take(40).Select(RunAsync));

        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong answers:\n" + string.Join("\n", wrong.Distinct()));
        var after = await MetricsProbe.SettledAsync(socket);
        Assert.Equal(Msg.EventsTotal(before), Msg.EventsTotal(after));
        Assert.Equal(Msg.EntitiesTotal(before), Msg.EntitiesTotal(after));
        Assert.Equal(entitiesBefore, (await _api.ListAsync()).Body);
        Assert.Equal(config, Expect.Ok(await _api.GetConfigAsync()).Body);
        Assert.Empty(socket.Messages(m => Msg.IsUpdate(m) && !Msg.IsUpdateOf(m, "flux-core/directory")));
        Assert.Empty(socket.Messages(m => Msg.Type(m) == "entity_deleted"));
    }

    [Fact]
    public async Task sixty_four_levels_of_nesting_are_accepted_and_returned_intact()
    {
        var id = Ids.Unique("deep64");
        // Root object, payload and properties are three levels; 61 arrays make 64.
        var deep = new string('[', 61) + "\"core\"" + new string(']', 61);
        var body = JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"deep":«1»}}}""", id, deep);
        Expect.Ok(await _api.PublishRawAsync(body));
        var value = (await _api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("deep");
        Assert.Equal(deep, value.GetRawText());
        var deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 61)) + "1" + new string('}', 61);
        Expect.Ok(await _api.PublishRawAsync(JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"o":«1»}}}""", id, deepObject)));
        var batchDeep = new string('[', 59) + "1" + new string(']', 59);
        var batch = JsonText.Fill("""{"events":[{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"b":«1»}}}]}""", id, batchDeep);
        Assert.Equal(1, Expect.Ok(await _api.BatchAsync(batch)).Json.GetProperty("successful").GetInt32());
    }

    [Fact]
    public async Task a_large_valid_string_is_stored_and_returned_whole()
    {
        var id = Ids.Unique("large");
        var text = string.Concat(Enumerable.Repeat("ü✓x", 50_000));
        await _api.PublishOkAsync(id, FluxApi.Props("text", text));
        Assert.Equal(text, (await _api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("text").GetString());
        Assert.True(Encoding.UTF8.GetByteCount(text) > 250_000);
    }

    [Fact]
    public async Task odd_ids_with_encoded_slashes_spaces_unicode_and_wildcards_are_plain_ids()
    {
        foreach (var raw in new[] { "odd%2Fslash", "odd space", "odd ✓ ünï", "odd*", "odd>", "odd.*.>", "odd:typed", "odd\ttab" })
        {
            var id = raw + "-" + Guid.NewGuid().ToString("N")[..6];
            await _api.PublishOkAsync(id, FluxApi.Props("v", 1));
            Assert.Equal(id, (await _api.GetEntityOkAsync(id)).GetProperty("id").GetString());
            Assert.Single(await _api.HistoryOkAsync(id));
        }
        Expect.Error(await _api.GetEntityAsync("odd*"), 404, "Entity not found");
        Expect.Error(await _api.GetEntityAsync("odd>"), 404, "Entity not found");
    }
}
