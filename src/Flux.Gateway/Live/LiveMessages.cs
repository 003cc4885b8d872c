using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Flux.Contract;
using Flux.Grains.Interfaces;

namespace Flux.Gateway.Live;

/// <summary>The server → client WebSocket messages of docs/api.md §10, serialized once and shared by every receiver.</summary>
public static class LiveMessages
{
    public static readonly byte[] TooSlow = Write(w =>
    {
        w.WriteString("type", "error");
        w.WriteString("error", "subscriber too slow; disconnecting");
    });

    public static byte[] StateUpdate(string entityId, string property, JsonElement value, DateTimeOffset timestamp) => Write(w =>
    {
        w.WriteString("type", "state_update");
        w.WriteString("entity_id", entityId);
        w.WriteString("property", property);
        w.WritePropertyName("value");
        w.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true); // the value as submitted, byte for byte
        w.WriteString("timestamp", ServerTime.Format(timestamp));
    });

    public static byte[] EntityDeleted(string entityId, DateTimeOffset timestamp) => Write(w =>
    {
        w.WriteString("type", "entity_deleted");
        w.WriteString("entity_id", entityId);
        w.WriteString("timestamp", ServerTime.Format(timestamp));
    });

    public static byte[] MetricsUpdate(DateTimeOffset timestamp, long entities, long events, double ratePerSecond, int connections, int publishers) => Write(w =>
    {
        w.WriteString("type", "metrics_update");
        w.WriteString("timestamp", ServerTime.Format(timestamp));
        w.WriteStartObject("entities");
        w.WriteNumber("total", entities);
        w.WriteEndObject();
        w.WriteStartObject("events");
        w.WriteNumber("total", events);
        w.WriteNumber("rate_per_second", Math.Round(ratePerSecond, 3));
        w.WriteEndObject();
        w.WriteStartObject("websocket");
        w.WriteNumber("connections", connections);
        w.WriteEndObject();
        w.WriteStartObject("publishers");
        w.WriteNumber("active", publishers);
        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, FluxJson.WriterOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
