using System.Text.Json.Nodes;

namespace Flux.Functional.Tests.Client;

/// <summary>Builds event envelopes (docs/api.md §4.1) as JSON text.</summary>
public static class EventJson
{
    public static JsonObject Event(string entityId, JsonObject properties, string stream = "sensors", string source = "functional-tests", string? eventId = null, long? timestamp = null)
    {
        var e = new JsonObject
        {
            ["stream"] = stream,
            ["source"] = source,
            ["payload"] = new JsonObject { ["entity_id"] = entityId, ["properties"] = properties },
        };
        if (eventId is not null)
            e["eventId"] = eventId;
        if (timestamp is not null)
            e["timestamp"] = timestamp;
        return e;
    }

    public static string Batch(params JsonNode[] events) => new JsonObject { ["events"] = new JsonArray(events) }.ToJsonString();

    public static JsonObject Props(params (string Key, JsonNode? Value)[] properties)
    {
        var o = new JsonObject();
        foreach (var (key, value) in properties)
            o[key] = value;
        return o;
    }
}
