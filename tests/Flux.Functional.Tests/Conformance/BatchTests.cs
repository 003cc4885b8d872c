using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>POST /api/events/batch (docs/api.md §6.2; checklist 9–10).</summary>
[Trait("Suite", "conformance")]
public sealed class BatchTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task a_batch_with_one_valid_one_bad_stream_and_one_missing_stream_reports_each_item_in_order()
    {
        var id = Ids.Unique("batch");
        var body = JsonText.Fill("""
            {"events":[
              {"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"a":1}}},
              {"stream":"Sensors","source":"s","payload":{"entity_id":"«1»","properties":{"b":2}}},
              {"source":"s","payload":{"entity_id":"«2»","properties":{"c":3}}}
            ]}
            """, id, id, id);
        var response = Expect.Ok(await _api.BatchAsync(body));
        Expect.JsonContentType(response);
        var json = response.Json;
        Expect.Keys(json, "successful", "failed", "results");
        Assert.Equal(1, json.GetProperty("successful").GetInt32());
        Assert.Equal(2, json.GetProperty("failed").GetInt32());
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        foreach (var r in results)
            Expect.Keys(r, "eventId", "stream", "error");

        Assert.Equal(JsonValueKind.String, results[0].GetProperty("eventId").ValueKind);
        Assert.Equal("sensors", results[0].GetProperty("stream").GetString());
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("error").ValueKind);

        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("eventId").ValueKind);
        Assert.Equal("Sensors", results[1].GetProperty("stream").GetString());
        Assert.Equal("validation failed: invalid stream format 'Sensors': must be lowercase with optional dots", results[1].GetProperty("error").GetString());

        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("eventId").ValueKind);
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("stream").ValueKind);
        Assert.Equal("validation failed: stream is required", results[2].GetProperty("error").GetString());

        var entity = await _api.GetEntityOkAsync(id);
        Expect.SameJson(JsonDocument.Parse("""{"a":1}""").RootElement, entity.GetProperty("properties"), "only the valid item applied");
        Assert.Single(await _api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task an_empty_batch_is_rejected_with_the_exact_message()
    {
        Expect.Error(await _api.BatchAsync("""{"events":[]}"""), 400, "Batch request must contain at least one event");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"events":null}""")]
    [InlineData("""{"events":{}}""")]
    [InlineData("""{"events":"x"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"events":[""")]
    public async Task a_batch_without_an_events_array_is_rejected_whole(string body)
    {
        Expect.Error(await _api.BatchAsync(body), 400);
    }

    [Fact]
    public async Task items_are_applied_in_array_order_and_later_items_win()
    {
        var id = Ids.Unique("order");
        var events = Enumerable.Range(1, 20).Select(i => (System.Text.Json.Nodes.JsonNode)EventJson.Event(id, FluxApi.Props("v", i))).ToArray();
        var response = Expect.Ok(await _api.BatchAsync(EventJson.Batch(events)));
        Assert.Equal(20, response.Json.GetProperty("successful").GetInt32());
        var ids = response.Json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("eventId").GetString()!).ToList();
        Assert.Equal(20, (await _api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("v").GetInt32());
        var history = (await _api.HistoryOkAsync(id)).Select(e => e.GetProperty("eventId").GetString()!).Reverse().ToList();
        Assert.Equal(ids, history);
    }

    [Fact]
    public async Task non_object_items_and_wrong_types_fail_per_item_without_stopping_the_others()
    {
        var id = Ids.Unique("items");
        var body = JsonText.Fill("""
            {"events":[
              42,
              {"stream":"sensors","source":"s","timestamp":"soon","payload":{"entity_id":"«0»","properties":{"a":1}}},
              {"stream":"sensors","source":"s","payload":{"entity_id":"«1»","properties":{"b":2}}},
              {"stream":"sensors","source":"s","payload":{"entity_id":"flux-core/«2»","properties":{"c":3}}},
              null,
              {"stream":"sensors","source":"s","timestamp":-3,"payload":{"entity_id":"«3»","properties":{"d":4}}}
            ]}
            """, id, id, id, id);
        var json = Expect.Ok(await _api.BatchAsync(body)).Json;
        Assert.Equal(1, json.GetProperty("successful").GetInt32());
        Assert.Equal(5, json.GetProperty("failed").GetInt32());
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("validation failed: event must be a JSON object", results[0].GetProperty("error").GetString());
        Assert.StartsWith("validation failed: ", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("sensors", results[1].GetProperty("stream").GetString());
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("error").ValueKind);
        Assert.Equal("authorization failed: entity namespace 'flux-core' is reserved", results[3].GetProperty("error").GetString());
        Assert.Equal("validation failed: event must be a JSON object", results[4].GetProperty("error").GetString());
        Assert.Equal("validation failed: timestamp must be positive, got -3", results[5].GetProperty("error").GetString());
        foreach (var i in new[] { 0, 1, 3, 4, 5 })
            Assert.Equal(JsonValueKind.Null, results[i].GetProperty("eventId").ValueKind);
        Expect.SameJson(JsonDocument.Parse("""{"b":2}""").RootElement, (await _api.GetEntityOkAsync(id)).GetProperty("properties"), "properties");
    }

    [Fact]
    public async Task a_failed_item_echoes_its_stream_only_when_it_was_a_string()
    {
        var id = Ids.Unique("echo");
        var body = JsonText.Fill("""{"events":[{"stream":5,"source":"s","payload":{"entity_id":"«0»","properties":{"a":1}}},{"stream":"ok","source":"","payload":{"entity_id":"«0»","properties":{"a":1}}},{"stream":"ok","source":"s","payload":null}]}""", id);
        var results = Expect.Ok(await _api.BatchAsync(body)).Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, results[0].GetProperty("stream").ValueKind);
        Assert.StartsWith("validation failed: ", results[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", results[1].GetProperty("stream").GetString());
        Assert.Equal("validation failed: source is required", results[1].GetProperty("error").GetString());
        Assert.Equal("validation failed: payload is required", results[2].GetProperty("error").GetString());
    }

    [Fact]
    public async Task a_batch_with_a_duplicated_event_id_applies_it_once_and_reports_both_as_successes()
    {
        var id = Ids.Unique("batch-dup");
        var eventId = "dup-" + Guid.NewGuid();
        var body = EventJson.Batch(
            EventJson.Event(id, FluxApi.Props("v", "first"), eventId: eventId),
            EventJson.Event(id, FluxApi.Props("v", "second"), eventId: eventId));
        var json = Expect.Ok(await _api.BatchAsync(body)).Json;
        Assert.Equal(2, json.GetProperty("successful").GetInt32());
        Assert.All(json.GetProperty("results").EnumerateArray(), r => Assert.Equal(eventId, r.GetProperty("eventId").GetString()));
        Assert.Equal("first", (await _api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("v").GetString());
        Assert.Single(await _api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task a_batch_without_timestamps_is_accepted_as_in_the_documented_example()
    {
        var a = Ids.Unique("doc-a");
        var b = Ids.Unique("doc-b");
        var body = JsonText.Fill("""{"events":[{"stream":"sensors","source":"agent","payload":{"entity_id":"«0»","properties":{"x":1}}},{"stream":"sensors","source":"agent","payload":{"entity_id":"«1»","properties":{"y":2}}}]}""", a, b);
        var json = Expect.Ok(await _api.BatchAsync(body)).Json;
        Assert.Equal(2, json.GetProperty("successful").GetInt32());
        await _api.GetEntityOkAsync(a);
        await _api.GetEntityOkAsync(b);
    }

    [Fact]
    public async Task unknown_fields_in_batch_and_batch_delete_bodies_are_ignored()
    {
        var id = Ids.Unique("unknown-fields");
        var body = JsonText.Fill("""{"events":[{"stream":"sensors","source":"s","namespace":"x","payload":{"entity_id":"«0»","properties":{"a":1}}}],"extra":{"deep":[1]},"atomic":true}""", id);
        Assert.Equal(1, Expect.Ok(await _api.BatchAsync(body)).Json.GetProperty("successful").GetInt32());
        var deleted = Expect.Ok(await _api.BatchDeleteAsync(JsonText.Fill("""{"entity_ids":["«0»"],"dry_run":true,"force":1}""", id))).Json;
        Assert.Equal(1, deleted.GetProperty("deleted").GetInt32());
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
    }

    [Fact]
    public async Task json_endpoints_parse_their_body_without_a_json_content_type()
    {
        var id = Ids.Unique("no-ctype");
        using var batch = new HttpRequestMessage(HttpMethod.Post, "api/events/batch") { Content = new StringContent(EventJson.Batch(EventJson.Event(id, FluxApi.Props("a", 1))), System.Text.Encoding.UTF8, "text/plain") };
        Expect.Ok(await _api.SendAsync(batch));
        using var config = new HttpRequestMessage(HttpMethod.Put, "api/admin/config") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        Expect.Ok(await _api.SendAsync(config));
        using var delete = new HttpRequestMessage(HttpMethod.Post, "api/state/entities/delete") { Content = new StringContent(JsonText.Fill("""{"entity_ids":["«0»"]}""", id), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        Assert.Equal(1, Expect.Ok(await _api.SendAsync(delete)).Json.GetProperty("deleted").GetInt32());
    }
}
