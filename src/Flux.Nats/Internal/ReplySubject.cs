using System.Buffers.Text;
using System.Text;

namespace Flux.Nats.Internal;

/// <summary>
/// A reply subject to write into PUB/HPUB: either a plain string or an inbox prefix plus a numeric
/// token, so request/reply on the muxed inbox never builds a string per request.
/// </summary>
internal readonly struct ReplySubject
{
    private readonly string? _text;
    private readonly byte[]? _prefix;
    private readonly long _token;

    public ReplySubject(string? text) { _text = text; _prefix = null; _token = 0; }
    public ReplySubject(byte[] prefix, long token) { _text = null; _prefix = prefix; _token = token; }

    public bool IsEmpty => _text is null && _prefix is null;

    public int MaxByteCount => _prefix is not null ? _prefix.Length + 20 : _text is null ? 0 : Encoding.UTF8.GetMaxByteCount(_text.Length);

    public int WriteTo(Span<byte> span)
    {
        if (_prefix is not null)
        {
            _prefix.CopyTo(span);
            Utf8Formatter.TryFormat(_token, span[_prefix.Length..], out var written);
            return _prefix.Length + written;
        }
        return _text is null ? 0 : Encoding.UTF8.GetBytes(_text, span);
    }

    public override string ToString() => _prefix is not null ? Encoding.ASCII.GetString(_prefix) + _token : _text ?? "";
}
