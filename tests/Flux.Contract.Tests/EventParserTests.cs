using System.Text.Json;
using Flux.Contract;

namespace Flux.Contract.Tests;

public class EventParserTests
{
    private const long Now = 1_767_225_600_000;
    private const string Payload = """{"entity_id":"dawn-coral/sensor-01","properties":{"temperature":22.5}}""";
    private readonly EventIdGenerator _ids = new(new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(Now)));

    private EventParseResult Parse(string json) => EventParser.Parse(Json.Parse(json), _ids, Now);

    private void AssertInvalid(string json, string message, string? stream = null)
    {
        var result = Parse(json);
        Assert.False(result.IsAccepted);
        Assert.Null(result.Event);
        Assert.Equal(400, result.Status);
        Assert.Equal(message, result.Message);
        Assert.Equal(stream, result.Stream);
        Assert.Equal("validation failed: " + message, result.BatchItemError);
    }

    [Fact]
    public void a_complete_event_is_accepted_as_submitted()
    {
        var result = Parse($$"""{"eventId":"mine-1","stream":"sensors","source":"agent-01","timestamp":1767225600123,"key":"k","schema":"s","payload":{{Payload}}}""");
        Assert.True(result.IsAccepted);
        Assert.Equal(200, result.Status);
        Assert.Null(result.Message);
        Assert.Null(result.BatchItemError);
        Assert.Equal("sensors", result.Stream);
        var e = result.Event!;
        Assert.Equal(("mine-1", "sensors", "agent-01", 1767225600123L, "k", "s"), (e.EventId, e.Stream, e.Source, e.Timestamp, e.Key, e.Schema));
        Assert.Equal("dawn-coral/sensor-01", e.EntityId);
        Assert.Equal(Payload, e.Payload.GetRawText());
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","eventId":null""")]
    [InlineData(""","eventId":"" """)]
    public void a_missing_null_or_empty_event_id_gets_a_uuid_v7(string eventIdMember)
    {
        var result = Parse($$"""{"stream":"s","source":"a","payload":{}{{eventIdMember}}}""");
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", result.Event!.EventId);
    }

    [Fact]
    public void a_client_event_id_is_kept_verbatim()
    {
        Assert.Equal(" Not-A-UUID ✓ ", Parse("""{"eventId":" Not-A-UUID ✓ ","stream":"s","source":"a","payload":{}}""").Event!.EventId);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","timestamp":null""")]
    public void a_missing_or_null_timestamp_becomes_now(string member)
    {
        Assert.Equal(Now, Parse($$"""{"stream":"s","source":"a","payload":{}{{member}}}""").Event!.Timestamp);
    }

    [Fact]
    public void the_largest_int64_timestamp_is_accepted() =>
        Assert.Equal(long.MaxValue, Parse("""{"stream":"s","source":"a","timestamp":9223372036854775807,"payload":{}}""").Event!.Timestamp);

    [Fact]
    public void a_non_object_item_fails_as_an_event_that_must_be_an_object()
    {
        foreach (var item in new[] { "[]", "1", "\"x\"", "null", "true" })
        {
            AssertInvalid(item, "event must be a JSON object");
        }
    }

    [Theory]
    [InlineData("eventId", "1", "eventId must be a string")]
    [InlineData("eventId", "{}", "eventId must be a string")]
    [InlineData("source", "7", "source must be a string")]
    [InlineData("key", "[\"k\"]", "key must be a string")]
    [InlineData("schema", "{\"type\":\"object\"}", "schema must be a string")]
    [InlineData("timestamp", "1.5", "timestamp must be an integer (epoch milliseconds)")]
    [InlineData("timestamp", "1.0", "timestamp must be an integer (epoch milliseconds)")]
    [InlineData("timestamp", "1.7e12", "timestamp must be an integer (epoch milliseconds)")]
    [InlineData("timestamp", "17E11", "timestamp must be an integer (epoch milliseconds)")]
    [InlineData("timestamp", "\"123\"", "timestamp must be an integer (epoch milliseconds)")]
    [InlineData("timestamp", "9223372036854775808", "timestamp must be an integer (epoch milliseconds)")]
    [InlineData("timestamp", "-9223372036854775809", "timestamp must be an integer (epoch milliseconds)")]
    [InlineData("timestamp", "true", "timestamp must be an integer (epoch milliseconds)")]
    public void wrong_field_types_fail_step_3_and_still_echo_the_stream(string field, string value, string message)
    {
        AssertInvalid($$"""{"stream":"sensors","source":"a","payload":{},"{{field}}":{{value}}}""", message, "sensors");
    }

    [Fact]
    public void a_non_string_stream_fails_without_echoing_it()
    {
        AssertInvalid("""{"stream":5,"source":"a","payload":{}}""", "stream must be a string");
    }

    [Fact]
    public void type_errors_come_before_missing_fields()
    {
        AssertInvalid("""{"source":"a","timestamp":"now"}""", "timestamp must be an integer (epoch milliseconds)");
    }

    [Theory]
    [InlineData("""{"source":"a","payload":{}}""", null)]
    [InlineData("""{"stream":null,"source":"a","payload":{}}""", null)]
    [InlineData("""{"stream":"","source":"a","payload":{}}""", "")]
    [InlineData("""{"stream":"","source":"","payload":null}""", "")]
    public void a_missing_or_empty_stream_is_required(string json, string? stream) => AssertInvalid(json, "stream is required", stream);

    [Theory]
    [InlineData("""{"stream":"s","payload":{}}""")]
    [InlineData("""{"stream":"s","source":null,"payload":{}}""")]
    [InlineData("""{"stream":"s","source":"","payload":null}""")]
    public void a_missing_or_empty_source_is_required(string json) => AssertInvalid(json, "source is required", "s");

    [Theory]
    [InlineData("""{"stream":"s","source":"a"}""")]
    [InlineData("""{"stream":"s","source":"a","payload":null}""")]
    [InlineData("""{"stream":"Bad","source":"a","payload":null}""")]
    public void a_missing_or_null_payload_is_required_before_the_stream_rule(string json) =>
        AssertInvalid(json, "payload is required", json.Contains("Bad") ? "Bad" : "s");

    [Theory]
    [InlineData("Sensors")]
    [InlineData("sensors..temp")]
    [InlineData("sensors/temp")]
    [InlineData(".sensors")]
    [InlineData("sénsors")]
    public void a_stream_breaking_the_rule_gets_the_exact_message(string stream) =>
        AssertInvalid($$"""{"stream":"{{stream}}","source":"a","timestamp":-1,"payload":[]}""",
            $"invalid stream format '{stream}': must be lowercase with optional dots", stream);

    [Fact]
    public void the_batch_error_for_a_bad_stream_is_the_documented_one()
    {
        Assert.Equal("validation failed: invalid stream format 'Sensors': must be lowercase with optional dots",
            Parse("""{"stream":"Sensors","source":"a","payload":{}}""").BatchItemError);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("-5", "-5")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    public void a_timestamp_not_above_zero_is_refused_before_the_payload_kind(string value, string shown) =>
        AssertInvalid($$"""{"stream":"s","source":"a","timestamp":{{value}},"payload":[]}""", $"timestamp must be positive, got {shown}", "s");

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("42")]
    [InlineData("false")]
    public void a_payload_that_is_not_an_object_is_refused(string payload) =>
        AssertInvalid($$"""{"stream":"s","source":"a","payload":{{payload}}}""", "payload must be a JSON object", "s");

    [Theory]
    [InlineData("flux-core/directory")]
    [InlineData("flux-core/x/y")]
    public void writing_a_flux_core_entity_is_forbidden_after_validation(string id)
    {
        var result = Parse("""{"stream":"s","source":"a","payload":{"entity_id":""" + "\"" + id + "\"" + ""","properties":{"x":1}}}""");
        Assert.Equal(403, result.Status);
        Assert.Equal("entity namespace 'flux-core' is reserved", result.Message);
        Assert.Equal("authorization failed: entity namespace 'flux-core' is reserved", result.BatchItemError);
        Assert.Equal("s", result.Stream);
    }

    [Fact]
    public void validation_failures_win_over_the_reserved_namespace() =>
        AssertInvalid("""{"stream":"S","source":"a","payload":{"entity_id":"flux-core/directory"}}""",
            "invalid stream format 'S': must be lowercase with optional dots", "S");

    [Theory]
    [InlineData("""{"entity_id":"flux-core"}""")]
    [InlineData("""{"entity_id":"x/flux-core/y"}""")]
    [InlineData("""{}""")]
    public void payloads_outside_flux_core_pass(string payload) =>
        Assert.True(Parse($$"""{"stream":"s","source":"a","payload":{{payload}}}""").IsAccepted);

    [Theory]
    [InlineData("""{"entity_id":42,"properties":{"a":1}}""", "a number")]
    [InlineData("""{"entity_id":"","properties":{"a":1}}""", "an empty string")]
    [InlineData("""{"entity_id":["x"]}""", "an array")]
    [InlineData("""{"entity_id":{"id":"x"}}""", "an object")]
    [InlineData("""{"entity_id":true}""", "a boolean")]
    public void an_entity_id_that_is_not_a_non_empty_string_is_refused_naming_what_was_sent(string payload, string sent)
    {
        var result = Parse($$"""{"stream":"s","source":"a","payload":{{payload}}}""");
        Assert.Equal(400, result.Status);
        Assert.Equal($"payload.entity_id must be a non-empty string naming the entity, such as \"sensor-01\" or \"dawn-coral/sensor-01\"; got {sent}", result.Message);
    }

    [Fact]
    public void an_entity_id_of_1024_utf8_bytes_passes_even_when_its_json_text_is_longer() =>
        // 512 two-byte characters, each sent as a six-character escape: 3,072 characters of JSON, 1,024 bytes.
        Assert.True(Parse(WithEntityId(string.Concat(Enumerable.Repeat("\\u00e9", 512)))).IsAccepted);

    private static string WithEntityId(string jsonStringContent) =>
        "{\"stream\":\"s\",\"source\":\"a\",\"payload\":{\"entity_id\":\"" + jsonStringContent + "\"}}";

    [Theory]
    [InlineData(1025, 1025)]
    [InlineData(513, 1026)]
    public void an_entity_id_over_1024_utf8_bytes_is_refused_naming_its_length_and_the_limit(int characters, int bytes)
    {
        var id = characters == bytes ? new string('x', characters) : new string('é', characters);
        var result = Parse(WithEntityId(id));
        Assert.Equal(400, result.Status);
        Assert.Equal($"payload.entity_id is {bytes} UTF-8 bytes long; send an id of at most 1024 bytes", result.Message);
    }

    [Theory]
    [InlineData("""{"entity_id":"x","properties":"{\"a\":1}"}""", "a string holding JSON text (send the value itself, not a quoted string)")]
    [InlineData("""{"entity_id":"x","properties":[1,2]}""", "an array")]
    [InlineData("""{"entity_id":"x","properties":"warm"}""", "a string")]
    [InlineData("""{"entity_id":"x","properties":7}""", "a number")]
    public void properties_that_are_not_an_object_are_refused_naming_what_was_sent(string payload, string sent)
    {
        var result = Parse($$"""{"stream":"s","source":"a","payload":{{payload}}}""");
        Assert.Equal(400, result.Status);
        Assert.Equal($"payload.properties must be a JSON object of property names and values, such as {{\"temperature\": 22.5}}; got {sent}", result.Message);
        Assert.Equal("validation failed: " + result.Message, result.BatchItemError);
    }

    [Theory]
    [InlineData("""{"properties":{"a":1}}""")]
    [InlineData("""{"entity_id":null,"properties":{"a":1}}""")]
    public void properties_without_an_entity_id_are_refused(string payload) =>
        AssertInvalid($$"""{"stream":"s","source":"a","payload":{{payload}}}""",
            "payload.properties needs payload.entity_id: add the id of the entity these properties belong to, such as \"entity_id\": \"sensor-01\"", "s");

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"reading":1}""")]
    [InlineData("""{"entity_id":"x"}""")]
    [InlineData("""{"entity_id":"x","properties":null}""")]
    [InlineData("""{"entity_id":null,"properties":null}""")]
    [InlineData("""{"entity_id":"x","properties":{}}""")]
    public void observations_and_entity_events_without_properties_are_still_accepted(string payload) =>
        Assert.True(Parse($$"""{"stream":"s","source":"a","payload":{{payload}}}""").IsAccepted);

    [Fact]
    public void unknown_fields_anywhere_are_ignored_and_not_kept()
    {
        var result = Parse("""{"stream":"s","source":"a","namespace":"matt","extra":{"deep":[1]},"payload":{"entity_id":"matt/x","other":1}}""");
        Assert.True(result.IsAccepted);
        Assert.DoesNotContain("namespace", Json.Text(result.Event!.ToEnvelopeJson()));
        Assert.Contains("\"other\":1", Json.Text(result.Event!.ToEnvelopeJson()));
    }

    [Fact]
    public void field_names_are_case_sensitive() =>
        AssertInvalid("""{"Stream":"s","stream":"s","source":"a","Payload":{}}""", "payload is required", "s");

    [Fact]
    public void a_duplicated_field_takes_its_last_value()
    {
        var result = Parse("""{"stream":"Bad","stream":"good","source":"a","payload":{"entity_id":"x"},"payload":{"entity_id":"y"}}""");
        Assert.Equal("good", result.Event!.Stream);
        Assert.Equal("y", result.Event!.EntityId);
    }

    [Fact]
    public void unicode_ids_and_huge_numbers_survive_parsing_byte_exact()
    {
        const string payload = """{"entity_id":"日本/センサー 01:*>","properties":{"u":18446744073709551615,"n":-9223372036854775808,"p":22.50}}""";
        var result = Parse($$"""{"eventId":"ид-1","stream":"s","source":"агент","payload":{{payload}}}""");
        Assert.Equal("日本/センサー 01:*>", result.Event!.EntityId);
        Assert.Equal("ид-1", result.Event.EventId);
        Assert.EndsWith("\"payload\":" + payload + "}", Json.Text(result.Event.ToEnvelopeJson()));
    }

    [Fact]
    public void the_accepted_payload_outlives_the_request_document()
    {
        FluxEvent e;
        using (var document = JsonDocument.Parse("""{"stream":"s","source":"a","payload":{"entity_id":"a/b","properties":{"t":1}}}"""))
        {
            e = EventParser.Parse(document.RootElement, _ids, Now).Event!;
        }

        Assert.Equal("a/b", e.EntityId);
        Assert.True(e.TryGetProperties(out var properties));
        Assert.Equal(1, properties.GetProperty("t").GetInt32());
    }

    [Fact]
    public void undecodable_escapes_in_text_the_server_reads_are_refused()
    {
        AssertInvalid("""{"stream":"s","source":"\ud800","payload":{}}""", "source must be a string", "s");
        AssertInvalid("""{"stream":"s","source":"a","payload":{"entity_id":"a/\udc00"}}""", "payload.entity_id must be valid Unicode text", "s");
        AssertInvalid("""{"stream":"s","source":"a","payload":{"entity_id":"a/b","properties":{"\ud800x":1}}}""",
            "payload.properties has a property name that is not valid Unicode text", "s");
    }

    [Fact]
    public void escaped_surrogate_pairs_are_ordinary_text()
    {
        var result = Parse("""{"stream":"s","source":"a","payload":{"entity_id":"a/\ud83d\ude00","properties":{"\ud83d\ude00":1}}}""");
        Assert.Equal("a/😀", result.Event!.EntityId);
    }

    [Fact]
    public void generated_ids_increase_across_a_batch()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => Parse("""{"stream":"s","source":"a","payload":{}}""").Event!.EventId).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void a_batch_of_valid_bad_stream_and_missing_stream_items_fails_the_last_two_in_order()
    {
        // docs/api.md §16 item 9, item by item.
        var results = Json.Parse("""
            [{"stream":"sensors","source":"a","payload":{"entity_id":"x","properties":{"t":1}}},
             {"stream":"Sensors","source":"a","payload":{}},
             {"source":"a","payload":{}}]
            """).EnumerateArray().Select(item => EventParser.Parse(item, _ids, Now)).ToList();
        Assert.True(results[0].IsAccepted);
        Assert.Equal(("Sensors", "validation failed: invalid stream format 'Sensors': must be lowercase with optional dots"), (results[1].Stream, results[1].BatchItemError));
        Assert.Equal(((string?)null, "validation failed: stream is required"), (results[2].Stream, results[2].BatchItemError));
        Assert.All(results.Skip(1), r => Assert.Null(r.Event));
    }

    [Fact]
    public void a_non_object_batch_item_has_the_documented_error() =>
        Assert.Equal("validation failed: event must be a JSON object", Parse("[1]").BatchItemError);
}
