using System.Buffers;
using System.Collections;
using System.Text;

namespace Flux.Nats;

/// <summary>
/// Message headers (<c>NATS/1.0</c> block). Keys compare case-insensitively; a key may repeat.
/// A status line (<c>NATS/1.0 503</c>) shows up as <see cref="Code"/> and <see cref="Description"/>.
/// </summary>
public sealed class NatsHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private static ReadOnlySpan<byte> Preamble => "NATS/1.0"u8;
    private readonly List<KeyValuePair<string, string>> _items = [];

    /// <summary>Status code from the first line, 0 when there is none (100, 404, 408, 409, 503 ...).</summary>
    public int Code { get; private set; }
    public string? Description { get; private set; }
    public int Count => _items.Count;

    /// <summary>First value of <paramref name="key"/>, or null; setting replaces every value.</summary>
    public string? this[string key]
    {
        get => TryGetValue(key, out var v) ? v : null;
        set
        {
            Remove(key);
            if (value is not null) Add(key, value);
        }
    }

    public void Add(string key, string value)
    {
        ValidateKey(key);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("header value has a line break", nameof(value));
        _items.Add(new(key, value));
    }

    public bool TryGetValue(string key, out string value)
    {
        foreach (var (k, v) in _items)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
        }
        value = "";
        return false;
    }

    public IEnumerable<string> GetValues(string key) =>
        _items.Where(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Value);

    public bool Remove(string key) => _items.RemoveAll(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)) > 0;

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Bytes of the wire form, including the closing blank line.</summary>
    internal int SerializedLength()
    {
        var n = Preamble.Length + 2 + 2;
        foreach (var (k, v) in _items) n += Encoding.UTF8.GetByteCount(k) + 2 + Encoding.UTF8.GetByteCount(v) + 2;
        return n;
    }

    internal int WriteTo(Span<byte> span)
    {
        Preamble.CopyTo(span);
        var n = Preamble.Length;
        span[n++] = (byte)'\r'; span[n++] = (byte)'\n';
        foreach (var (k, v) in _items)
        {
            n += Encoding.UTF8.GetBytes(k, span[n..]);
            span[n++] = (byte)':'; span[n++] = (byte)' ';
            n += Encoding.UTF8.GetBytes(v, span[n..]);
            span[n++] = (byte)'\r'; span[n++] = (byte)'\n';
        }
        span[n++] = (byte)'\r'; span[n++] = (byte)'\n';
        return n;
    }

    internal static NatsHeaders Parse(in ReadOnlySequence<byte> block)
    {
        var bytes = block.IsSingleSegment ? block.FirstSpan : block.ToArray();
        var text = Encoding.UTF8.GetString(bytes);
        var headers = new NatsHeaders();
        var lines = text.Split("\r\n");
        var first = lines[0];
        if (!first.StartsWith("NATS/1.0", StringComparison.Ordinal))
            throw new NatsProtocolException($"header block does not start with NATS/1.0: '{Shorten(first)}'");
        var status = first.AsSpan(8).Trim();
        if (status.Length > 0)
        {
            var space = status.IndexOf(' ');
            var codeText = space < 0 ? status : status[..space];
            if (!int.TryParse(codeText, out var code)) throw new NatsProtocolException($"bad status line '{Shorten(first)}'");
            headers.Code = code;
            headers.Description = space < 0 ? null : status[(space + 1)..].Trim().ToString();
        }
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new NatsProtocolException($"bad header line '{Shorten(line)}'");
            headers._items.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return headers;
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "...";

    private static void ValidateKey(string key)
    {
        if (key.Length == 0) throw new ArgumentException("empty header key", nameof(key));
        foreach (var c in key)
        {
            if (c <= ' ' || c == ':' || c > '~') throw new ArgumentException($"header key '{key}' has an invalid character", nameof(key));
        }
    }
}
