using System.Runtime.InteropServices;
using System.Text.Json;

namespace Flux.Contract;

/// <summary>
/// An accepted event (docs/api.md §4.2): <see cref="EventId"/> and <see cref="Timestamp"/> are
/// always set. <see cref="Payload"/> is carried as raw JSON so numbers and strings are stored
/// and returned exactly as submitted; it must own its memory (a cloned element), since an
/// event outlives the request it came in.
/// </summary>
public sealed record FluxEvent(string EventId, string Stream, string Source, long Timestamp, string? Key, string? Schema, JsonElement Payload)
{
    /// <summary>The source of tombstones written by the delete endpoints.</summary>
    public const string TombstoneSource = "api";

    private readonly JsonElement _payload = Payload;

    /// <summary>The payload; setting it (e.g. with <c>with</c>) also recomputes <see cref="EntityId"/>.</summary>
    public JsonElement Payload
    {
        get => _payload;
        init
        {
            _payload = value;
            EntityId = ReadEntityId(value);
        }
    }

    /// <summary><c>payload.entity_id</c> when it is a string (possibly empty), else null.</summary>
    public string? EntityId { get; private init; } = ReadEntityId(Payload);

    /// <summary><c>payload.properties</c> when it is a JSON object.</summary>
    public bool TryGetProperties(out JsonElement properties)
    {
        if (_payload.ValueKind == JsonValueKind.Object
            && _payload.TryGetProperty("properties"u8, out properties)
            && properties.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        properties = default;
        return false;
    }

    /// <summary>
    /// The stored/history envelope as UTF-8 JSON: eventId, stream, source, timestamp, then key
    /// and schema only when present, then the payload's raw text, byte for byte.
    /// </summary>
    public byte[] ToEnvelopeJson()
    {
        var payload = JsonMarshal.GetRawUtf8Value(_payload);
        using var buffer = new RentedBufferWriter(payload.Length + 128 + EventId.Length + Stream.Length + Source.Length);
        using (var writer = new Utf8JsonWriter(buffer, FluxJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("eventId"u8, EventId);
            writer.WriteString("stream"u8, Stream);
            writer.WriteString("source"u8, Source);
            writer.WriteNumber("timestamp"u8, Timestamp);
            if (Key is not null)
            {
                writer.WriteString("key"u8, Key);
            }

            if (Schema is not null)
            {
                writer.WriteString("schema"u8, Schema);
            }

            writer.WritePropertyName("payload"u8);
            writer.WriteRawValue(payload, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads an envelope written by <see cref="ToEnvelopeJson"/>; the payload gets its own memory.</summary>
    /// <exception cref="JsonException">The bytes are not a complete envelope.</exception>
    public static FluxEvent FromEnvelopeJson(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("event envelope must be a JSON object");
        }

        string? eventId = null, stream = null, source = null, key = null, schema = null;
        long? timestamp = null;
        JsonElement? payload = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventId"u8)) { reader.Read(); eventId = reader.GetString(); }
            else if (reader.ValueTextEquals("stream"u8)) { reader.Read(); stream = reader.GetString(); }
            else if (reader.ValueTextEquals("source"u8)) { reader.Read(); source = reader.GetString(); }
            else if (reader.ValueTextEquals("timestamp"u8)) { reader.Read(); timestamp = reader.GetInt64(); }
            else if (reader.ValueTextEquals("key"u8)) { reader.Read(); key = reader.GetString(); }
            else if (reader.ValueTextEquals("schema"u8)) { reader.Read(); schema = reader.GetString(); }
            else if (reader.ValueTextEquals("payload"u8)) { reader.Read(); payload = JsonElement.ParseValue(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }

        if (eventId is null || stream is null || source is null || timestamp is null || payload is null)
        {
            throw new JsonException("event envelope lacks eventId, stream, source, timestamp or payload");
        }

        return new FluxEvent(eventId, stream, source, timestamp.Value, key, schema, payload.Value);
    }

    /// <summary>
    /// The tombstone a delete writes (docs/api.md §6.6, exact shape): stream
    /// <c>flux.events.deletions</c>, source <c>api</c>, key = the id, and properties
    /// <c>{"__deleted__":true,"__deleted_at__":&lt;timestamp&gt;}</c>.
    /// </summary>
    public static FluxEvent Tombstone(string entityId, string eventId, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentNullException.ThrowIfNull(eventId);
        using var buffer = new RentedBufferWriter(entityId.Length * 6 + 96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("entity_id"u8, entityId);
            writer.WriteStartObject("properties"u8);
            writer.WriteBoolean("__deleted__"u8, true);
            writer.WriteNumber("__deleted_at__"u8, timestampMs);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        var payload = JsonElement.ParseValue(ref reader);
        return new FluxEvent(eventId, StreamName.Deletions, TombstoneSource, timestampMs, entityId, null, payload);
    }

    private static string? ReadEntityId(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("entity_id"u8, out var id)
        && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
