using System.Text.Json;
using Flux.Contract;

namespace Flux.Contract.Tests;

public class FluxEventTests
{
    private static FluxEvent Event(string payload, string? key = null, string? schema = null) =>
        new("id-1", "sensors", "agent-01", 1767225600123, key, schema, Json.Parse(payload));

    [Fact]
    public void envelope_has_the_contract_fields_in_order_and_omits_absent_key_and_schema()
    {
        var json = Json.Text(Event("""{"entity_id":"a/b","properties":{"t":1}}""").ToEnvelopeJson());
        Assert.Equal("""{"eventId":"id-1","stream":"sensors","source":"agent-01","timestamp":1767225600123,"payload":{"entity_id":"a/b","properties":{"t":1}}}""", json);
    }

    [Fact]
    public void envelope_includes_key_and_schema_when_present()
    {
        var json = Json.Text(Event("{}", key: "pump-01", schema: "v1").ToEnvelopeJson());
        Assert.Equal("""{"eventId":"id-1","stream":"sensors","source":"agent-01","timestamp":1767225600123,"key":"pump-01","schema":"v1","payload":{}}""", json);
    }

    [Fact]
    public void payload_text_is_kept_byte_for_byte()
    {
        const string payload = """{"entity_id":"a/b","properties":{"p":22.50,"u":18446744073709551615,"n":-9223372036854775808,"h":1e400,"s":"\u00e9\n","e":"é"}}""";
        var json = Json.Text(Event(payload).ToEnvelopeJson());
        Assert.EndsWith("\"payload\":" + payload + "}", json);
    }

    [Fact]
    public void envelope_round_trips()
    {
        var original = Event("""{"entity_id":"ünï/cödé","properties":{"big":18446744073709551615,"x":[1,{"y":null}]},"extra":true}""", key: "k", schema: "s");
        var bytes = original.ToEnvelopeJson();
        var back = FluxEvent.FromEnvelopeJson(bytes);
        Assert.Equal((original.EventId, original.Stream, original.Source, original.Timestamp, original.Key, original.Schema),
            (back.EventId, back.Stream, back.Source, back.Timestamp, back.Key, back.Schema));
        Assert.Equal("ünï/cödé", back.EntityId);
        Assert.Equal(bytes, back.ToEnvelopeJson());
    }

    [Fact]
    public void large_envelopes_with_escaped_fields_round_trip()
    {
        var big = "{\"entity_id\":\"a/b\",\"properties\":{\"blob\":\"" + new string('x', 200_000) + "\"}}";
        var original = new FluxEvent(new string('\u00e9', 300), "s", "\"quoted\"\n" + new string('<', 500), 1, "k\u0001", null, Json.Parse(big));
        var back = FluxEvent.FromEnvelopeJson(original.ToEnvelopeJson());
        Assert.Equal(original.EventId, back.EventId);
        Assert.Equal(original.Source, back.Source);
        Assert.Equal(original.Key, back.Key);
        Assert.Equal(big, back.Payload.GetRawText());
    }

    [Fact]
    public void writing_an_envelope_allocates_little_more_than_its_result()
    {
        var e = Event("""{"entity_id":"dawn-coral/sensor-01","properties":{"temperature":22.5}}""");
        var size = e.ToEnvelopeJson().Length;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            e.ToEnvelopeJson();
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.True(perCall < size + 400, $"{perCall} B per call for a {size} B envelope");
    }

    [Fact]
    public void a_read_envelope_owns_its_payload_memory()
    {
        var bytes = Event("""{"entity_id":"a/b","properties":{"t":1}}""").ToEnvelopeJson();
        var back = FluxEvent.FromEnvelopeJson(bytes);
        Array.Clear(bytes);
        Assert.Equal("a/b", back.EntityId);
        Assert.Equal("""{"entity_id":"a/b","properties":{"t":1}}""", back.Payload.GetRawText());
    }

    [Fact]
    public void reading_ignores_unknown_fields_and_absent_key()
    {
        var back = FluxEvent.FromEnvelopeJson(Json.Bytes("""{"zzz":[1,2],"eventId":"e","stream":"s","source":"x","timestamp":5,"payload":{"a":1}}"""));
        Assert.Null(back.Key);
        Assert.Null(back.Schema);
        Assert.Equal(5, back.Timestamp);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"eventId":"e","stream":"s","source":"x","payload":{}}""")]
    [InlineData("""{"eventId":"e","stream":"s","source":"x","timestamp":1}""")]
    public void reading_an_incomplete_envelope_throws(string json) =>
        Assert.ThrowsAny<JsonException>(() => FluxEvent.FromEnvelopeJson(Json.Bytes(json)));

    [Theory]
    [InlineData("""{"entity_id":"a/b"}""", "a/b")]
    [InlineData("""{"entity_id":""}""", "")]
    [InlineData("""{"entity_id":5}""", null)]
    [InlineData("""{"entity_id":null}""", null)]
    [InlineData("""{}""", null)]
    [InlineData("""{"entity_id":"\u0061/b"}""", "a/b")]
    public void entity_id_is_the_payload_string(string payload, string? expected) => Assert.Equal(expected, Event(payload).EntityId);

    [Fact]
    public void with_a_new_payload_recomputes_the_entity_id()
    {
        var changed = Event("""{"entity_id":"a/b"}""") with { Payload = Json.Parse("""{"entity_id":"c/d"}""") };
        Assert.Equal("c/d", changed.EntityId);
    }

    [Fact]
    public void properties_are_found_only_when_an_object()
    {
        Assert.True(Event("""{"properties":{"a":1}}""").TryGetProperties(out var p));
        Assert.Equal(JsonValueKind.Object, p.ValueKind);
        Assert.False(Event("""{"properties":[1]}""").TryGetProperties(out _));
        Assert.False(Event("""{"properties":null}""").TryGetProperties(out _));
        Assert.False(Event("""{}""").TryGetProperties(out _));
    }

    [Fact]
    public void a_tombstone_has_the_exact_contract_shape()
    {
        var tombstone = FluxEvent.Tombstone("dawn-coral/sensor-01", "id-9", 1767225600123);
        Assert.Equal("""{"eventId":"id-9","stream":"flux.events.deletions","source":"api","timestamp":1767225600123,"key":"dawn-coral/sensor-01","payload":{"entity_id":"dawn-coral/sensor-01","properties":{"__deleted__":true,"__deleted_at__":1767225600123}}}""",
            Json.Text(tombstone.ToEnvelopeJson()));
        Assert.Equal("dawn-coral/sensor-01", tombstone.EntityId);
        Assert.True(tombstone.TryGetProperties(out var properties));
        Assert.True(PropertyBag.IsTombstone(properties));
    }

    [Fact]
    public void a_tombstone_for_an_id_needing_escapes_keeps_the_id()
    {
        const string id = "ns/\"quoted\" 日本 \u0001";
        var tombstone = FluxEvent.FromEnvelopeJson(FluxEvent.Tombstone(id, "e", 5).ToEnvelopeJson());
        Assert.Equal(id, tombstone.EntityId);
        Assert.Equal(id, tombstone.Key);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(5000)]
    public void an_envelope_with_long_ascii_fields_serialises_whole(int length)
    {
        var id = new string('e', length);
        var original = new FluxEvent(id, "s", id, 1, id, id, Json.Parse("""{"entity_id":"a","properties":{"x":1}}"""));

        var roundTripped = FluxEvent.FromEnvelopeJson(original.ToEnvelopeJson());

        Assert.Equal(id, roundTripped.EventId);
        Assert.Equal(id, roundTripped.Source);
        Assert.Equal(id, roundTripped.Key);
        Assert.Equal(id, roundTripped.Schema);
    }
}
