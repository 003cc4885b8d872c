using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Flux.Contract;

/// <summary>
/// An entity's properties, kept as one compact UTF-8 JSON object. A read copies the bytes
/// into the response without re-serialising, and values keep their submitted text
/// (<c>22.50</c>, <c>18446744073709551615</c>, <c>1e400</c>, escapes) byte for byte.
///
/// Merge (docs/api.md §5 rule 5) walks the current object once with a <see cref="Utf8JsonReader"/>,
/// records where each member's name and value lie, and copies slices into one exactly sized
/// array: existing keys keep their position and take the patch's value in place, new keys
/// follow in the patch's order. A key repeated inside one patch counts once, at its first
/// position, with its last value (the same value <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// returns). Names compare by their decoded text, so <c>"\u0061"</c> and <c>"a"</c> are one key;
/// the comparison falls back to decoding only when a name contains an escape.
/// </summary>
public static class PropertyBag
{
    // Above this many distinct patch keys, matching switches from pairwise comparison to a dictionary.
    private const int LinearMatchLimit = 16;

    /// <summary>
    /// The entity's properties after applying <paramref name="patch"/> (a JSON object) to
    /// <paramref name="current"/> (a bag produced by this method; empty when the entity does not exist).
    /// </summary>
    public static byte[] Merge(ReadOnlySpan<byte> current, JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("patch must be a JSON object", nameof(patch));
        }

        var patchCount = patch.GetPropertyCount();
        var nameSlots = default(InlineSlots<JsonProperty>);
        var valueSlots = default(InlineSlots<JsonElement>);
        JsonProperty[]? rentedNames = null;
        JsonElement[]? rentedValues = null;
        int[]? rentedMembers = null;
        try
        {
            scoped Span<JsonProperty> names;
            scoped Span<JsonElement> values;
            if (patchCount <= InlineSlots<JsonProperty>.Capacity)
            {
                names = nameSlots;
                values = valueSlots;
            }
            else
            {
                names = rentedNames = ArrayPool<JsonProperty>.Shared.Rent(patchCount);
                values = rentedValues = ArrayPool<JsonElement>.Shared.Rent(patchCount);
            }

            var distinct = CollectDistinct(patch, names, values, out var index);
            scoped Span<bool> used = distinct <= 256 ? stackalloc bool[distinct] : new bool[distinct];

            // Raw name lengths let most current members be rejected without touching the patch (-1: escaped name).
            scoped Span<int> nameLengths = distinct <= 256 ? stackalloc int[distinct] : new int[distinct];
            for (var i = 0; i < distinct; i++)
            {
                var raw = JsonMarshal.GetRawUtf8PropertyName(names[i]);
                nameLengths[i] = raw.Contains((byte)'\\') ? -1 : raw.Length;
            }

            // Pass 1: locate the current members (name start/end, value start/end, replacing patch key or -1).
            const int Fields = 5;
            scoped Span<int> members = stackalloc int[Fields * 32];
            var memberCount = 0;
            var length = 2; // braces
            var reader = new Utf8JsonReader(current);
            if (!current.IsEmpty)
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nameStart = (int)reader.TokenStartIndex;
                    var nameEnd = nameStart + reader.ValueSpan.Length + 2;
                    var match = FindKey(ref reader, names[..distinct], nameLengths, index);
                    reader.Read();
                    var valueStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var valueEnd = (int)reader.BytesConsumed;

                    if ((memberCount + 1) * Fields > members.Length)
                    {
                        var larger = ArrayPool<int>.Shared.Rent(members.Length * 2);
                        members.CopyTo(larger);
                        if (rentedMembers is not null)
                        {
                            ArrayPool<int>.Shared.Return(rentedMembers);
                        }

                        members = rentedMembers = larger;
                    }

                    var slot = memberCount * Fields;
                    members[slot] = nameStart;
                    members[slot + 1] = nameEnd;
                    members[slot + 2] = valueStart;
                    members[slot + 3] = valueEnd;
                    members[slot + 4] = match;
                    if (match >= 0)
                    {
                        used[match] = true;
                    }

                    length += (nameEnd - nameStart) + 1
                        + (match >= 0 ? JsonMarshal.GetRawUtf8Value(values[match]).Length : valueEnd - valueStart);
                    memberCount++;
                }
            }

            var total = memberCount;
            for (var i = 0; i < distinct; i++)
            {
                if (!used[i])
                {
                    length += JsonMarshal.GetRawUtf8PropertyName(names[i]).Length + 3 + JsonMarshal.GetRawUtf8Value(values[i]).Length;
                    total++;
                }
            }

            length += Math.Max(total - 1, 0); // commas

            // Pass 2: copy.
            var result = new byte[length];
            var output = result.AsSpan();
            var at = 0;
            output[at++] = (byte)'{';
            for (var m = 0; m < memberCount; m++)
            {
                var slot = m * Fields;
                if (m > 0)
                {
                    output[at++] = (byte)',';
                }

                at += Copy(current[members[slot]..members[slot + 1]], output[at..]);
                output[at++] = (byte)':';
                var match = members[slot + 4];
                at += match >= 0
                    ? Copy(JsonMarshal.GetRawUtf8Value(values[match]), output[at..])
                    : Copy(current[members[slot + 2]..members[slot + 3]], output[at..]);
            }

            var written = memberCount;
            for (var i = 0; i < distinct; i++)
            {
                if (used[i])
                {
                    continue;
                }

                if (written++ > 0)
                {
                    output[at++] = (byte)',';
                }

                output[at++] = (byte)'"';
                at += Copy(JsonMarshal.GetRawUtf8PropertyName(names[i]), output[at..]);
                output[at++] = (byte)'"';
                output[at++] = (byte)':';
                at += Copy(JsonMarshal.GetRawUtf8Value(values[i]), output[at..]);
            }

            output[at] = (byte)'}';
            return result;
        }
        finally
        {
            if (rentedNames is not null)
            {
                ArrayPool<JsonProperty>.Shared.Return(rentedNames, clearArray: true);
                ArrayPool<JsonElement>.Shared.Return(rentedValues!, clearArray: true);
            }

            if (rentedMembers is not null)
            {
                ArrayPool<int>.Shared.Return(rentedMembers);
            }
        }
    }

    /// <summary>
    /// The keys of <paramref name="patch"/> in submitted order, each once (first position, last
    /// value): one change notification per entry (docs/api.md §5 rule 7).
    /// </summary>
    public static PropertyChange[] Changes(JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("patch must be a JSON object", nameof(patch));
        }

        var count = patch.GetPropertyCount();
        if (count == 0)
        {
            return [];
        }

        var nameSlots = default(InlineSlots<JsonProperty>);
        var valueSlots = default(InlineSlots<JsonElement>);
        var rentedNames = count > InlineSlots<JsonProperty>.Capacity ? ArrayPool<JsonProperty>.Shared.Rent(count) : null;
        var rentedValues = count > InlineSlots<JsonElement>.Capacity ? ArrayPool<JsonElement>.Shared.Rent(count) : null;
        try
        {
            scoped Span<JsonProperty> names = rentedNames is null ? nameSlots : rentedNames;
            scoped Span<JsonElement> values = rentedValues is null ? valueSlots : rentedValues;
            var distinct = CollectDistinct(patch, names, values, out _);
            var changes = new PropertyChange[distinct];
            for (var i = 0; i < distinct; i++)
            {
                changes[i] = new PropertyChange(names[i], values[i]);
            }

            return changes;
        }
        finally
        {
            if (rentedNames is not null)
            {
                ArrayPool<JsonProperty>.Shared.Return(rentedNames, clearArray: true);
                ArrayPool<JsonElement>.Shared.Return(rentedValues!, clearArray: true);
            }
        }
    }

    /// <summary>docs/api.md §5 rule 3: <c>__deleted__</c> is present and exactly the JSON boolean <c>true</c>.</summary>
    public static bool IsTombstone(JsonElement properties) =>
        properties.ValueKind == JsonValueKind.Object
        && properties.TryGetProperty("__deleted__"u8, out var marker)
        && marker.ValueKind == JsonValueKind.True;

    /// <summary>False when a property name is an escape sequence with no Unicode form (a lone surrogate such as <c>\ud800</c>).</summary>
    internal static bool HasDecodableNames(JsonElement properties)
    {
        foreach (var property in properties.EnumerateObject())
        {
            if (JsonMarshal.GetRawUtf8PropertyName(property).Contains((byte)'\\'))
            {
                try
                {
                    _ = property.Name;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int CollectDistinct(JsonElement patch, Span<JsonProperty> names, Span<JsonElement> values, out Dictionary<string, int>? index)
    {
        index = null;
        var distinct = 0;
        foreach (var property in patch.EnumerateObject())
        {
            var existing = -1;
            if (index is not null)
            {
                if (!index.TryGetValue(property.Name, out existing))
                {
                    existing = -1;
                }
            }
            else
            {
                for (var i = 0; i < distinct; i++)
                {
                    if (SameName(names[i], property))
                    {
                        existing = i;
                        break;
                    }
                }
            }

            if (existing >= 0)
            {
                values[existing] = property.Value;
                continue;
            }

            names[distinct] = property;
            values[distinct] = property.Value;
            distinct++;
            if (index is not null)
            {
                index[property.Name] = distinct - 1;
            }
            else if (distinct > LinearMatchLimit)
            {
                index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < distinct; i++)
                {
                    index[names[i].Name] = i;
                }
            }
        }

        return distinct;
    }

    // The reader is on a property name of the current bag; returns the patch key with the same decoded name, or -1.
    private static int FindKey(ref Utf8JsonReader reader, scoped ReadOnlySpan<JsonProperty> names, scoped ReadOnlySpan<int> nameLengths, Dictionary<string, int>? index)
    {
        if (index is not null)
        {
            return index.TryGetValue(reader.GetString()!, out var found) ? found : -1;
        }

        var raw = reader.ValueSpan;
        var escaped = reader.ValueIsEscaped;
        string? decoded = null;
        for (var i = 0; i < names.Length; i++)
        {
            if (!escaped && nameLengths[i] >= 0)
            {
                if (nameLengths[i] == raw.Length && raw.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(names[i])))
                {
                    return i;
                }
            }
            else if (string.Equals(decoded ??= reader.GetString(), names[i].Name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool SameName(JsonProperty a, JsonProperty b)
    {
        var rawA = JsonMarshal.GetRawUtf8PropertyName(a);
        var rawB = JsonMarshal.GetRawUtf8PropertyName(b);
        return !rawA.Contains((byte)'\\') && !rawB.Contains((byte)'\\')
            ? rawA.SequenceEqual(rawB)
            : string.Equals(a.Name, b.Name, StringComparison.Ordinal);
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
