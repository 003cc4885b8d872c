using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;

namespace Flux.Gateway.Requests;

/// <summary>
/// Parses request bodies (docs/api.md §2.2): UTF-8 JSON whatever the Content-Type says, nesting
/// of up to 256 levels (the contract asks for at least 64), anything else a 400 message.
/// JsonDocument does not check that string contents are valid UTF-8, so the whole body is
/// validated first. Nor does it refuse escapes naming half a surrogate pair (<c>"\ud800"</c>):
/// such text has no Unicode form, and a stored value holding one would later make
/// <c>JsonElement.WriteTo</c> throw in whatever writes it out, so those bodies are refused too.
/// A leading UTF-8 byte-order mark is skipped, as some Windows clients send one.
/// </summary>
public static class JsonBody
{
    public const int MaxDepth = 256;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Parses <paramref name="body"/>. The document refers to <paramref name="body"/>'s memory,
    /// which must stay untouched until the document is disposed.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out JsonDocument? document, out string error)
    {
        document = null;
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (!Utf8.IsValid(body.Span))
        {
            error = "request body is not valid UTF-8";
            return false;
        }

        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "request body must not be empty";
            return false;
        }

        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            error = "invalid JSON: " + ex.Message;
            return false;
        }

        if (HasUnpairedSurrogateEscape(body.Span))
        {
            document.Dispose();
            document = null;
            error = "invalid JSON: a \\u escape names an unpaired surrogate";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>As <see cref="TryParse"/>, and the top-level value must be an object.</summary>
    public static bool TryParseObject(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out JsonDocument? document, out string error)
    {
        if (!TryParse(body, out document, out error))
        {
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            error = "request body must be a JSON object";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads a string value. False for other kinds and for strings whose escapes have no
    /// Unicode form (a lone <c>\ud800</c>), which JSON syntax allows but .NET strings cannot hold.
    /// </summary>
    public static bool TryReadString(JsonElement element, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // Runs on text the JSON parser accepted, where every backslash is inside a string and starts
    // an escape; so stepping over each escape keeps "\\ud800" (an escaped backslash) apart from
    // a real \ud800. A high surrogate escape must be followed at once by a low one.
    private static bool HasUnpairedSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf((byte)'\\');
        var lowExpectedAt = -1;
        while (at >= 0)
        {
            if (lowExpectedAt >= 0 && at != lowExpectedAt)
            {
                return true;
            }

            var next = at + 2;
            if (json[at + 1] == (byte)'u')
            {
                var unit = HexValue(json.Slice(at + 2, 4));
                next = at + 6;
                if (unit is >= 0xD800 and <= 0xDBFF)
                {
                    if (lowExpectedAt >= 0)
                    {
                        return true;
                    }

                    lowExpectedAt = next;
                }
                else if (unit is >= 0xDC00 and <= 0xDFFF)
                {
                    if (lowExpectedAt < 0)
                    {
                        return true;
                    }

                    lowExpectedAt = -1;
                }
                else if (lowExpectedAt >= 0)
                {
                    return true;
                }
            }
            else if (lowExpectedAt >= 0)
            {
                return true;
            }

            var rest = json[next..].IndexOf((byte)'\\');
            at = rest < 0 ? -1 : next + rest;
        }

        return lowExpectedAt >= 0;
    }

    private static int HexValue(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex)
        {
            value = (value << 4) | (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        }

        return value;
    }

    /// <summary>True when <paramref name="name"/> is present with a value other than null (docs/api.md §2.2: null means absent).</summary>
    public static bool TryGetPresent(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
