using System.Text.Json;

namespace Flux.Grains.Interfaces;

/// <summary>The event a delete writes (contract §6.6, exact shape).</summary>
public static class Tombstone
{
    public const string Stream = "flux.events.deletions";
    public const string Source = "api";

    public static FluxEvent Create(string entityId, string eventId, long nowUnixMs)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, FluxJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("entity_id", entityId);
            writer.WriteStartObject("properties");
            writer.WriteBoolean("__deleted__", true);
            writer.WriteNumber("__deleted_at__", nowUnixMs);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        using var payload = JsonDocument.Parse(buffer.WrittenMemory);
        return new FluxEvent(eventId, Stream, Source, nowUnixMs, entityId, Schema: null, payload.RootElement.Clone());
    }
}
