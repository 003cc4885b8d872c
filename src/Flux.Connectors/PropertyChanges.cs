using System.Buffers;
using System.Text.Json;

namespace Flux.Connectors;

/// <summary>
/// What of an observation is news: a poller publishes only the properties whose value differs from the entity's
/// current state, so an unchanged entity costs no event.
/// </summary>
public static class PropertyChanges
{
    /// <summary>
    /// The properties of <paramref name="observed"/> whose value differs from the one in <paramref name="currentProperties"/>
    /// (a flat JSON object, or empty when the entity does not exist), as a JSON object; null when none changed.
    /// Values compare as JSON values: <c>1</c> equals <c>1.0</c>, strings equal after unescaping.
    /// </summary>
    public static byte[]? Changed(ReadOnlySpan<byte> currentProperties, byte[] observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        using var observedDocument = JsonDocument.Parse(observed);
        var current = default(JsonElement);
        if (!currentProperties.IsEmpty)
        {
            var reader = new Utf8JsonReader(currentProperties);
            current = JsonElement.ParseValue(ref reader);
        }

        var buffer = new ArrayBufferWriter<byte>(observed.Length);
        var changed = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in observedDocument.RootElement.EnumerateObject())
            {
                if (current.ValueKind == JsonValueKind.Object
                    && current.TryGetProperty(property.Name, out var now)
                    && JsonElement.DeepEquals(now, property.Value))
                    continue;
                property.WriteTo(writer);
                changed++;
            }

            writer.WriteEndObject();
        }

        return changed == 0 ? null : buffer.WrittenSpan.ToArray();
    }
}
