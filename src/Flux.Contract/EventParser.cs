using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Flux.Contract;

/// <summary>
/// Validates one submitted event (docs/api.md §4.1, §6.1 steps 3–10) in the contract's order:
/// the first failing step decides the message. Shared by the single and batch endpoints, so
/// an item fails in a batch exactly as it would alone.
/// </summary>
public static class EventParser
{
    public const string ReservedMessage = "entity namespace 'flux-core' is reserved";

    /// <summary>
    /// Parses <paramref name="item"/>. A missing, null or empty eventId gets a fresh UUIDv7; a
    /// missing or null timestamp becomes <paramref name="nowUnixMs"/>. Duplicate keys: the last wins.
    /// The accepted event's payload is a clone, independent of <paramref name="item"/>'s document.
    /// </summary>
    public static EventParseResult Parse(JsonElement item, EventIdGenerator ids, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (item.ValueKind != JsonValueKind.Object)
        {
            return EventParseResult.Invalid("event must be a JSON object", null);
        }

        // Step 3: types. The stream is read first so that every later failure can echo it.
        if (ReadString(item, "stream"u8, out var stream) == Field.Invalid)
        {
            return EventParseResult.Invalid("stream must be a string", null);
        }

        if (ReadString(item, "eventId"u8, out var eventId) == Field.Invalid)
        {
            return EventParseResult.Invalid("eventId must be a string", stream);
        }

        if (ReadString(item, "source"u8, out var source) == Field.Invalid)
        {
            return EventParseResult.Invalid("source must be a string", stream);
        }

        long? timestamp = null;
        if (item.TryGetProperty("timestamp"u8, out var ts) && ts.ValueKind != JsonValueKind.Null)
        {
            // TryGetInt64 refuses fractions (1.5, 1.0), exponents (1.7e12) and values beyond int64.
            if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var ms))
            {
                return EventParseResult.Invalid("timestamp must be an integer (epoch milliseconds)", stream);
            }

            timestamp = ms;
        }

        if (ReadString(item, "key"u8, out var key) == Field.Invalid)
        {
            return EventParseResult.Invalid("key must be a string", stream);
        }

        if (ReadString(item, "schema"u8, out var schema) == Field.Invalid)
        {
            return EventParseResult.Invalid("schema must be a string", stream);
        }

        // Steps 4–9: presence and values.
        if (string.IsNullOrEmpty(stream))
        {
            return EventParseResult.Invalid("stream is required", stream);
        }

        if (string.IsNullOrEmpty(source))
        {
            return EventParseResult.Invalid("source is required", stream);
        }

        if (!item.TryGetProperty("payload"u8, out var payload) || payload.ValueKind == JsonValueKind.Null)
        {
            return EventParseResult.Invalid("payload is required", stream);
        }

        if (!StreamName.IsValid(stream))
        {
            return EventParseResult.Invalid($"invalid stream format '{stream}': must be lowercase with optional dots", stream);
        }

        if (timestamp <= 0)
        {
            return EventParseResult.Invalid($"timestamp must be positive, got {timestamp}", stream);
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return EventParseResult.Invalid("payload must be a JSON object", stream);
        }

        if (PayloadShapeError(payload) is { } shapeError)
        {
            return EventParseResult.Invalid(shapeError, stream);
        }

        // Text the server decodes later must be decodable: JSON allows escapes such as a lone
        // "\ud800" that have no UTF-16/UTF-8 form. HTTP bodies never carry them (the gateway's
        // JsonBody refuses them); this guards callers that build elements some other way.
        if (ReadString(payload, "entity_id"u8, out var entityId) == Field.Invalid && HasString(payload, "entity_id"u8))
        {
            return EventParseResult.Invalid("payload.entity_id must be valid Unicode text", stream);
        }

        if (payload.TryGetProperty("properties"u8, out var properties)
            && properties.ValueKind == JsonValueKind.Object
            && !PropertyBag.HasDecodableNames(properties))
        {
            return EventParseResult.Invalid("payload.properties has a property name that is not valid Unicode text", stream);
        }

        // Step 10.
        if (EntityIds.IsReserved(entityId))
        {
            return EventParseResult.Forbidden(ReservedMessage, stream);
        }

        var id = string.IsNullOrEmpty(eventId) ? ids.NewId() : eventId;
        return EventParseResult.Accepted(new FluxEvent(id, stream, source, timestamp ?? nowUnixMs, key, schema, payload.Clone()));
    }

    /// <summary>
    /// The 2026-12 amendment of docs/api.md §5: an event that names its entity wrongly, or sets properties
    /// without naming one, would be stored and change nothing, and its publisher would never learn why.
    /// A payload with neither key is a valid observation event. JSON null counts as absent.
    /// </summary>
    private static string? PayloadShapeError(JsonElement payload)
    {
        var hasEntityId = payload.TryGetProperty("entity_id"u8, out var entityId) && entityId.ValueKind != JsonValueKind.Null;
        var hasProperties = payload.TryGetProperty("properties"u8, out var properties) && properties.ValueKind != JsonValueKind.Null;
        if (hasEntityId && (entityId.ValueKind != JsonValueKind.String || entityId.ValueEquals(""u8)))
        {
            return $"payload.entity_id must be a non-empty string naming the entity, such as \"sensor-01\" or \"dawn-coral/sensor-01\"; got {Describe(entityId)}";
        }

        // The raw JSON text is never shorter than the UTF-8 of the string it encodes, so most ids need no count.
        if (hasEntityId && JsonMarshal.GetRawUtf8Value(entityId).Length > EntityIds.MaxBytes
            && Encoding.UTF8.GetByteCount(entityId.GetString()!) is var idBytes and > EntityIds.MaxBytes)
        {
            return $"payload.entity_id is {idBytes} UTF-8 bytes long; send an id of at most {EntityIds.MaxBytes} bytes";
        }

        if (hasProperties && properties.ValueKind != JsonValueKind.Object)
        {
            return $"payload.properties must be a JSON object of property names and values, such as {{\"temperature\": 22.5}}; got {Describe(properties)}";
        }

        if (hasProperties && !hasEntityId)
        {
            return "payload.properties needs payload.entity_id: add the id of the entity these properties belong to, such as \"entity_id\": \"sensor-01\"";
        }

        return null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.ValueEquals(""u8) => "an empty string",
        JsonValueKind.String when LooksLikeJson(value) => "a string holding JSON text (send the value itself, not a quoted string)",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    // Reads the raw text (after its opening quote), which never throws on escapes that do not decode.
    private static bool LooksLikeJson(JsonElement text)
    {
        var content = text.GetRawText().AsSpan(1).TrimStart();
        return content.Length > 0 && content[0] is '{' or '[';
    }

    private enum Field
    {
        Absent,
        Present,
        Invalid,
    }

    // Absent/null → Absent; a decodable string → Present; anything else (wrong kind, or a string
    // with an escape that cannot be decoded) → Invalid.
    private static Field ReadString(JsonElement obj, ReadOnlySpan<byte> name, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Field.Absent;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Field.Invalid;
        }

        try
        {
            value = element.GetString();
            return Field.Present;
        }
        catch (InvalidOperationException)
        {
            return Field.Invalid;
        }
    }

    private static bool HasString(JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String;
}
