using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>POST /api/events and how events fold into state (docs/api.md §4, §5, §6.1; checklist 1–8).</summary>
[Trait("Suite", "conformance")]
public sealed partial class PublishingTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task publish_without_timestamp_is_accepted_and_history_shows_a_positive_integer_timestamp()
    {
        var id = Ids.Unique("no-ts");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _api.PublishOkAsync(id, FluxApi.Props("t", 1));
        var history = await _api.HistoryOkAsync(id);
        var stored = Assert.Single(history);
        var ts = stored.GetProperty("timestamp");
        Assert.Equal(JsonValueKind.Number, ts.ValueKind);
        Assert.True(ts.TryGetInt64(out var ms) && ms > 0, $"timestamp must be a positive integer: {stored.GetRawText()}");
        Assert.DoesNotContain(".", ts.GetRawText(), StringComparison.Ordinal);
        Assert.InRange(ms, before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
    }

    [Fact]
    public async Task publish_with_an_uppercase_stream_is_rejected_with_the_exact_message_and_nothing_is_stored()
    {
        var id = Ids.Unique("upper");
        var response = await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("t", 1), stream: "Sensors"));
        Expect.Error(response, 400, "invalid stream format 'Sensors': must be lowercase with optional dots");
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
        Assert.Empty(await _api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task publish_with_an_array_payload_is_rejected_as_not_an_object()
    {
        var response = await _api.PublishRawAsync("""{"stream":"sensors","source":"s","payload":[]}""");
        Expect.Error(response, 400, "payload must be a JSON object");
    }

    [Fact]
    public async Task publish_then_get_shows_the_write_and_a_second_key_merges_with_the_first()
    {
        var id = Ids.Unique("merge");
        await _api.PublishOkAsync(id, FluxApi.Props("temperature", 22.5));
        var first = await _api.GetEntityOkAsync(id);
        Assert.Equal(22.5, first.GetProperty("properties").GetProperty("temperature").GetDouble());

        await _api.PublishOkAsync(id, FluxApi.Props("unit", "celsius"));
        var second = await _api.GetEntityOkAsync(id);
        Expect.SameJson(JsonDocument.Parse("""{"temperature":22.5,"unit":"celsius"}""").RootElement, second.GetProperty("properties"), "merged properties");
    }

    [Fact]
    public async Task the_later_publish_wins_regardless_of_the_event_timestamps()
    {
        var id = Ids.Unique("lww");
        Expect.Ok(await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("v", "newer-timestamp"), timestamp: 1_900_000_000_000)));
        Expect.Ok(await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("v", "older-timestamp"), timestamp: 1_000)));
        var entity = await _api.GetEntityOkAsync(id);
        Assert.Equal("older-timestamp", entity.GetProperty("properties").GetProperty("v").GetString());
    }

    [Fact]
    public async Task publish_with_empty_properties_is_accepted_but_creates_no_entity()
    {
        var id = Ids.Unique("empty-props");
        await _api.PublishOkAsync(id, []);
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
        Assert.Single(await _api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task an_observation_without_entity_is_counted_in_events_total_but_creates_no_entity()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var before = await MetricsProbe.SettledAsync(socket);
        Expect.Ok(await _api.PublishRawAsync("""{"stream":"sensors","source":"s","payload":{"reading":1}}"""));
        var after = await MetricsProbe.SettledAsync(socket);
        Assert.Equal(Msg.EventsTotal(before) + 1, Msg.EventsTotal(after));
        Assert.Equal(Msg.EntitiesTotal(before), Msg.EntitiesTotal(after));
    }

    [Fact]
    public async Task the_same_client_event_id_twice_answers_200_both_times_and_is_applied_once()
    {
        var id = Ids.Unique("dedupe");
        var eventId = "client-" + Guid.NewGuid();
        var first = Expect.Ok(await _api.PublishAsync(id, FluxApi.Props("n", 1), eventId: eventId));
        await _api.PublishOkAsync(id, FluxApi.Props("n", 2));
        var retry = Expect.Ok(await _api.PublishAsync(id, FluxApi.Props("n", 1), eventId: eventId));
        Assert.Equal(eventId, first.Json.GetProperty("eventId").GetString());
        Assert.Equal(eventId, retry.Json.GetProperty("eventId").GetString());

        var entity = await _api.GetEntityOkAsync(id);
        Assert.Equal(2, entity.GetProperty("properties").GetProperty("n").GetInt32());
        var history = await _api.HistoryOkAsync(id);
        Assert.Single(history, e => e.GetProperty("eventId").GetString() == eventId);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public async Task the_publish_response_has_exactly_event_id_and_stream_with_a_uuid_v7_id_that_increases()
    {
        var id = Ids.Unique("resp");
        var first = Expect.Ok(await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("a", 1), stream: "sensors.zone1.temp")));
        var second = Expect.Ok(await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("a", 2))));
        Expect.JsonContentType(first);
        Expect.Keys(first.Json, "eventId", "stream");
        Assert.Equal("sensors.zone1.temp", first.Json.GetProperty("stream").GetString());
        var a = first.Json.GetProperty("eventId").GetString()!;
        var b = second.Json.GetProperty("eventId").GetString()!;
        Assert.Matches(UuidV7(), a);
        Assert.Matches(UuidV7(), b);
        Assert.True(string.CompareOrdinal(a, b) < 0, $"server ids should increase: {a} then {b}");
    }

    [Fact]
    public async Task a_client_event_id_is_kept_verbatim_up_to_256_characters()
    {
        var id = Ids.Unique("verbatim");
        var odd = "not a uuid / ünïcode ✓ " + new string('x', 100);
        Assert.Equal(odd, await _api.PublishOkAsync(id, FluxApi.Props("a", 1), eventId: odd));
        var long256 = new string('e', 250) + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(long256, await _api.PublishOkAsync(id, FluxApi.Props("a", 2), eventId: long256));
        var ids = (await _api.HistoryOkAsync(id)).Select(e => e.GetProperty("eventId").GetString()).ToList();
        Assert.Contains(odd, ids);
        Assert.Contains(long256, ids);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    public async Task an_empty_or_null_event_id_gets_a_generated_one(string eventIdJson)
    {
        var id = Ids.Unique("genid");
        var response = Expect.Ok(await _api.PublishRawAsync(
            JsonText.Fill("""{"eventId":«0»,"stream":"sensors","source":"s","payload":{"entity_id":"«1»","properties":{"a":1}}}""", eventIdJson, id)));
        Assert.Matches(UuidV7(), response.Json.GetProperty("eventId").GetString()!);
    }

    [Fact]
    public async Task history_returns_the_stored_envelope_with_key_and_schema_and_without_unknown_fields()
    {
        var withExtras = Ids.Unique("envelope");
        var plain = Ids.Unique("envelope-plain");
        Expect.Ok(await _api.PublishRawAsync(
            JsonText.Fill("""{"eventId":"ev-«0»","stream":"plant.pumps","source":"agent-07","timestamp":1767225600123,"key":"pump-01","schema":"pump.v1","namespace":"ignored","extra":{"x":1},"payload":{"entity_id":"«0»","properties":{"pressure":3.5},"note":"kept"}}""", withExtras)));
        Expect.Ok(await _api.PublishRawAsync(
            JsonText.Fill("""{"stream":"plant.pumps","source":"agent-07","timestamp":1767225600124,"payload":{"entity_id":"«0»","properties":{"p":1}}}""", plain)));

        var stored = Assert.Single(await _api.HistoryOkAsync(withExtras));
        Expect.Keys(stored, "eventId", "stream", "source", "timestamp", "key", "schema", "payload");
        Expect.SameJson(JsonDocument.Parse(
            JsonText.Fill("""{"eventId":"ev-«0»","stream":"plant.pumps","source":"agent-07","timestamp":1767225600123,"key":"pump-01","schema":"pump.v1","payload":{"entity_id":"«0»","properties":{"pressure":3.5},"note":"kept"}}""", withExtras)).RootElement,
            stored, "stored envelope");

        var bare = Assert.Single(await _api.HistoryOkAsync(plain));
        Expect.Keys(bare, "eventId", "stream", "source", "timestamp", "payload");
    }

    [Fact]
    public async Task null_optional_fields_mean_absent()
    {
        var id = Ids.Unique("nulls");
        Expect.Ok(await _api.PublishRawAsync(JsonText.Fill("""{"eventId":null,"timestamp":null,"key":null,"schema":null,"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"a":1}}}""", id)));
        var stored = Assert.Single(await _api.HistoryOkAsync(id));
        Expect.Keys(stored, "eventId", "stream", "source", "timestamp", "payload");
        Assert.True(stored.GetProperty("timestamp").GetInt64() > 0);
    }

    [Fact]
    public async Task a_deleted_marker_for_an_entity_that_does_not_exist_is_stored_and_changes_nothing()
    {
        var id = Ids.Unique("marker-none");
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await _api.PublishOkAsync(id, FluxApi.Props("__deleted__", true));
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
        Assert.Single(await _api.HistoryOkAsync(id));
        var real = Ids.Unique("marker-real");
        await _api.PublishOkAsync(real, FluxApi.Props("v", 1));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, real), TimeSpan.FromSeconds(10), "a later update");
        Assert.Empty(socket.Messages(m => Msg.EntityId(m) == id));
    }

    [Fact]
    public async Task an_entity_has_exactly_id_properties_and_last_updated_in_the_server_timestamp_form()
    {
        var id = Ids.Unique("shape");
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var response = Expect.Ok(await _api.GetEntityAsync(id));
        Expect.JsonContentType(response);
        var entity = response.Json;
        Expect.Keys(entity, "id", "properties", "lastUpdated");
        Assert.Equal(id, entity.GetProperty("id").GetString());
        var lastUpdated = entity.GetProperty("lastUpdated").GetString();
        Assert.True(Msg.IsServerTimestamp(lastUpdated), $"lastUpdated must look like 2026-02-25T09:15:42.318204+00:00: {lastUpdated}");
        var time = DateTimeOffset.Parse(lastUpdated!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task last_updated_is_the_processing_time_not_the_producer_timestamp()
    {
        var id = Ids.Unique("proc-time");
        Expect.Ok(await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("a", 1), timestamp: 1_000_000)));
        var entity = await _api.GetEntityOkAsync(id);
        var time = DateTimeOffset.Parse(entity.GetProperty("lastUpdated").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task numbers_round_trip_exactly_and_any_json_value_is_a_property()
    {
        var id = Ids.Unique("values");
        const string properties = """{"u64":18446744073709551615,"i64":-9223372036854775808,"big":9007199254740993,"dec":22.50,"nul":null,"arr":[1,"two",{"three":3}],"obj":{"deep":{"er":true}},"":"empty name","t":true,"s":"ünïcode ✓"}""";
        Expect.Ok(await _api.PublishRawAsync(JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":«1»}}""", id, properties)));
        var response = Expect.Ok(await _api.GetEntityAsync(id));
        var props = response.Json.GetProperty("properties");
        Assert.Equal("18446744073709551615", props.GetProperty("u64").GetRawText());
        Assert.Equal("-9223372036854775808", props.GetProperty("i64").GetRawText());
        Assert.Equal("9007199254740993", props.GetProperty("big").GetRawText());
        Assert.Equal(22.5, props.GetProperty("dec").GetDouble());
        Assert.Equal(JsonValueKind.Null, props.GetProperty("nul").ValueKind);
        Expect.SameJson(JsonDocument.Parse("""[1,"two",{"three":3}]""").RootElement, props.GetProperty("arr"), "array property");
        Expect.SameJson(JsonDocument.Parse("""{"deep":{"er":true}}""").RootElement, props.GetProperty("obj"), "object property");
        Assert.Equal("empty name", props.GetProperty("").GetString());
        Assert.Equal("ünïcode ✓", props.GetProperty("s").GetString());
    }

    [Fact]
    public async Task null_is_stored_not_removed_and_nested_objects_are_replaced_whole()
    {
        var id = Ids.Unique("replace");
        await _api.PublishOkAsync(id, JsonNode.Parse("""{"keep":1,"gone":"x","obj":{"a":1,"b":2}}""")!.AsObject());
        await _api.PublishOkAsync(id, JsonNode.Parse("""{"gone":null,"obj":{"c":3}}""")!.AsObject());
        var entity = await _api.GetEntityOkAsync(id);
        Expect.SameJson(JsonDocument.Parse("""{"keep":1,"gone":null,"obj":{"c":3}}""").RootElement, entity.GetProperty("properties"), "properties");
    }

    [Fact]
    public async Task a_published_deleted_marker_removes_the_entity_and_a_later_event_starts_afresh()
    {
        var id = Ids.Unique("marker");
        await _api.PublishOkAsync(id, JsonNode.Parse("""{"old":1,"other":2}""")!.AsObject());
        await _api.PublishOkAsync(id, JsonNode.Parse("""{"__deleted__":true,"ignored":5}""")!.AsObject());
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
        await _api.PublishOkAsync(id, FluxApi.Props("fresh", 1));
        Expect.SameJson(JsonDocument.Parse("""{"fresh":1}""").RootElement, (await _api.GetEntityOkAsync(id)).GetProperty("properties"), "properties after re-creation");
    }

    [Fact]
    public async Task a_deleted_marker_given_as_a_string_is_an_ordinary_property()
    {
        var id = Ids.Unique("marker-string");
        await _api.PublishOkAsync(id, JsonNode.Parse("""{"__deleted__":"true"}""")!.AsObject());
        var entity = await _api.GetEntityOkAsync(id);
        Assert.Equal("true", entity.GetProperty("properties").GetProperty("__deleted__").GetString());
    }

    [Theory]
    [InlineData("""{"entity_id":"«0»","properties":"{\"a\":1}"}""", "payload.properties must be a JSON object")]
    [InlineData("""{"entity_id":"«0»","properties":[1,2]}""", "payload.properties must be a JSON object")]
    [InlineData("""{"entity_id":"«0»","properties":42}""", "payload.properties must be a JSON object")]
    [InlineData("""{"entity_id":42,"properties":{"a":1},"note":"«0»"}""", "payload.entity_id must be a non-empty string")]
    [InlineData("""{"entity_id":"","properties":{"a":1},"note":"«0»"}""", "payload.entity_id must be a non-empty string")]
    [InlineData("""{"properties":{"a":1},"note":"«0»"}""", "payload.properties needs payload.entity_id")]
    public async Task an_event_that_would_change_nothing_by_mistake_is_refused_and_not_stored(string payload, string message)
    {
        var id = Ids.Unique("mistake");
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var before = await MetricsProbe.SettledAsync(socket);

        var error = Expect.Error(await _api.PublishRawAsync(JsonText.Fill("""{"stream":"sensors","source":"s","payload":«1»}""", id, JsonText.Fill(payload, id))), 400);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        var batch = Expect.Ok(await _api.BatchAsync(JsonText.Fill("""{"events":[{"stream":"sensors","source":"s","payload":«1»}]}""", id, JsonText.Fill(payload, id)))).Json;
        Assert.Equal(0, batch.GetProperty("successful").GetInt32());
        Assert.Equal("validation failed: " + error, batch.GetProperty("results")[0].GetProperty("error").GetString());

        Assert.Empty(await _api.HistoryOkAsync(id));
        var after = await MetricsProbe.SettledAsync(socket);
        Assert.Equal(Msg.EventsTotal(before), Msg.EventsTotal(after));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("absent")]
    public async Task an_entity_event_without_properties_is_stored_in_history_without_changing_state(string properties)
    {
        var id = Ids.Unique("no-props");
        var payload = properties == "absent" ? """{"entity_id":"«0»"}""" : """{"entity_id":"«0»","properties":null}""";
        Expect.Ok(await _api.PublishRawAsync(JsonText.Fill("""{"stream":"sensors","source":"s","payload":«1»}""", id, JsonText.Fill(payload, id))));
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
        Assert.Single(await _api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task the_body_is_parsed_as_json_whatever_the_content_type_says()
    {
        var id = Ids.Unique("ctype");
        var body = EventJson.Event(id, FluxApi.Props("a", 1)).ToJsonString();
        using var plain = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = new StringContent(body, System.Text.Encoding.UTF8, "text/plain") };
        Expect.Ok(await _api.SendAsync(plain));
        using var none = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body)) };
        Expect.Ok(await _api.SendAsync(none));
        Assert.Equal(2, (await _api.HistoryOkAsync(id)).Count);
    }

    [Fact]
    public async Task writes_to_the_reserved_flux_core_namespace_are_forbidden()
    {
        var response = await _api.PublishAsync("flux-core/directory", FluxApi.Props("total_entities", 0));
        Expect.Error(response, 403, "entity namespace 'flux-core' is reserved");
        var other = await _api.PublishAsync("flux-core/anything", FluxApi.Props("a", 1));
        Expect.Error(other, 403);
        Expect.Error(await _api.GetEntityAsync("flux-core/anything"), 404);
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV7();
}
