using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>The docs/api.md §6.1 validation steps, their order and their exact messages; a rejected event stores nothing.</summary>
[Trait("Suite", "conformance")]
public sealed class ValidationTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    /// <summary>{id} in a case is replaced with a fresh entity id; null message = informative only.</summary>
    public static TheoryData<string, int, string?> Cases => new()
    {
        { """{"source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "stream is required" },
        { """{"stream":"","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "stream is required" },
        { """{"stream":null,"source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "stream is required" },
        { """{"stream":"sensors","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "source is required" },
        { """{"stream":"sensors","source":"","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "source is required" },
        { """{"stream":"sensors","source":"s"}""", 400, "payload is required" },
        { """{"stream":"sensors","source":"s","payload":null}""", 400, "payload is required" },
        { """{"stream":"sensors.","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "invalid stream format 'sensors.': must be lowercase with optional dots" },
        { """{"stream":".sensors","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "invalid stream format '.sensors': must be lowercase with optional dots" },
        { """{"stream":"sensors..temp","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "invalid stream format 'sensors..temp': must be lowercase with optional dots" },
        { """{"stream":"SENSORS","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "invalid stream format 'SENSORS': must be lowercase with optional dots" },
        { """{"stream":"sensors-temp","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "invalid stream format 'sensors-temp': must be lowercase with optional dots" },
        { """{"stream":"sensors_temp","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "invalid stream format 'sensors_temp': must be lowercase with optional dots" },
        { """{"stream":"sensors/temp","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "invalid stream format 'sensors/temp': must be lowercase with optional dots" },
        { """{"stream":"sensors","source":"s","timestamp":0,"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "timestamp must be positive, got 0" },
        { """{"stream":"sensors","source":"s","timestamp":-5,"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "timestamp must be positive, got -5" },
        { """{"stream":"sensors","source":"s","payload":"text"}""", 400, "payload must be a JSON object" },
        { """{"stream":"sensors","source":"s","payload":5}""", 400, "payload must be a JSON object" },
        { """{"stream":"sensors","source":"s","timestamp":1.5,"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":"sensors","source":"s","timestamp":1.7e12,"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":"sensors","source":"s","timestamp":"1767225600000","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":"sensors","source":"s","timestamp":99999999999999999999,"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"eventId":42,"stream":"sensors","source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":5,"source":"s","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":"sensors","source":true,"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":"sensors","source":"s","key":{},"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":"sensors","source":"s","schema":{"v":1},"payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, null },
        { """{"stream":"Sensors","source":"","payload":{"entity_id":"{id}","properties":{"a":1}}}""", 400, "source is required" },
        { """{"stream":"Bad","source":"s","timestamp":-1,"payload":[]}""", 400, "invalid stream format 'Bad': must be lowercase with optional dots" },
        { """{"stream":"sensors","source":"s","timestamp":-1,"payload":[]}""", 400, "timestamp must be positive, got -1" },
        { """{"stream":"sensors","source":"s","payload":{"entity_id":"flux-core/{id}","properties":{"a":1}}}""", 403, "entity namespace 'flux-core' is reserved" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task an_invalid_event_is_rejected_with_its_message_and_stores_nothing(string template, int status, string? message)
    {
        var id = Ids.Unique("invalid");
        var response = await _api.PublishRawAsync(template.Replace("{id}", id, StringComparison.Ordinal));
        Expect.Error(response, status, message);
        Assert.Empty(await _api.HistoryOkAsync(id));
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
    }

    [Theory]
    [InlineData("sensors")]
    [InlineData("sensors.temperature")]
    [InlineData("sensors.zone1.temp")]
    [InlineData("data123")]
    [InlineData("a.b.c.d")]
    [InlineData("123")]
    [InlineData("flux.events.deletions")]
    public async Task every_valid_stream_name_is_accepted(string stream)
    {
        var id = Ids.Unique("stream");
        var response = Expect.Ok(await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("a", 1), stream: stream)));
        Assert.Equal(stream, response.Json.GetProperty("stream").GetString());
    }

    [Theory]
    [InlineData(257)]
    [InlineData(4_096)]
    [InlineData(100_000)]
    public async Task an_event_id_over_256_characters_is_accepted_or_refused_with_400_never_500(int length)
    {
        var id = Ids.Unique("long-event-id");
        var eventId = new string('e', length - 8) + Guid.NewGuid().ToString("N")[..8];
        var response = await _api.PublishAsync(id, FluxApi.Props("a", 1), eventId: eventId);
        if (response.Status == 200)
        {
            Assert.Equal(eventId, response.Json.GetProperty("eventId").GetString());
            Assert.Equal(eventId, Assert.Single(await _api.HistoryOkAsync(id)).GetProperty("eventId").GetString());
        }
        else
        {
            Expect.Error(response, 400);
            Assert.Empty(await _api.HistoryOkAsync(id));
        }
    }

    [Theory]
    [InlineData(513)]
    [InlineData(1_024)]
    public async Task an_entity_id_of_up_to_1024_bytes_is_stored_whole(int length)
    {
        var id = LongId(length);
        Expect.Ok(await _api.PublishAsync(id, FluxApi.Props("a", 1)));
        Assert.Equal(id, (await _api.GetEntityOkAsync(id)).GetProperty("id").GetString());
        Assert.Single(await _api.HistoryOkAsync(id));
        Expect.Ok(await _api.DeleteAsync(id));
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
    }

    [Theory]
    [InlineData(1_025)]
    [InlineData(6_000)]
    public async Task an_entity_id_over_1024_bytes_is_refused_with_400_naming_the_limit_and_nothing_is_stored(int length)
    {
        var id = LongId(length);
        Expect.Error(await _api.PublishAsync(id, FluxApi.Props("a", 1)), 400, $"payload.entity_id is {length} UTF-8 bytes long; send an id of at most 1024 bytes");
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
        Assert.Empty(await _api.HistoryOkAsync(id));
    }

    private static string LongId(int bytes)
    {
        var unique = Ids.Unique("long-entity");
        return unique + new string('l', bytes - unique.Length);
    }

    [Fact]
    public async Task long_source_key_and_schema_values_are_stored_verbatim()
    {
        var id = Ids.Unique("long-fields");
        var source = new string('s', 50_000);
        var key = new string('k', 50_000);
        var schema = new string('c', 50_000);
        var e = EventJson.Event(id, FluxApi.Props("a", 1), source: source);
        e["key"] = key;
        e["schema"] = schema;
        Expect.Ok(await _api.PublishAsync(e));
        var stored = Assert.Single(await _api.HistoryOkAsync(id));
        Assert.Equal(source, stored.GetProperty("source").GetString());
        Assert.Equal(key, stored.GetProperty("key").GetString());
        Assert.Equal(schema, stored.GetProperty("schema").GetString());
    }
}
