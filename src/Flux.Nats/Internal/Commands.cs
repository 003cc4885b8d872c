using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Flux.Nats.Internal;

/// <summary>Formats client commands straight into the outbound pipe.</summary>
internal static class Commands
{
    public static ReadOnlySpan<byte> Ping => "PING\r\n"u8;
    public static ReadOnlySpan<byte> Pong => "PONG\r\n"u8;

    public static int WritePub(IBufferWriter<byte> w, string subject, in ReplySubject reply, NatsHeaders? headers, int headerLen, ReadOnlySpan<byte> payload)
    {
        var max = 6 + Encoding.UTF8.GetMaxByteCount(subject.Length) + 1 + reply.MaxByteCount + 1 + 11 + 1 + 11 + 2;
        var span = w.GetSpan(max);
        var n = 0;
        if (headers is null) { "PUB "u8.CopyTo(span); n = 4; }
        else { "HPUB "u8.CopyTo(span); n = 5; }
        n += Encoding.UTF8.GetBytes(subject, span[n..]);
        span[n++] = (byte)' ';
        if (!reply.IsEmpty)
        {
            n += reply.WriteTo(span[n..]);
            span[n++] = (byte)' ';
        }
        int written;
        if (headers is not null)
        {
            Utf8Formatter.TryFormat(headerLen, span[n..], out written);
            n += written;
            span[n++] = (byte)' ';
        }
        Utf8Formatter.TryFormat(headerLen + payload.Length, span[n..], out written);
        n += written;
        span[n++] = (byte)'\r'; span[n++] = (byte)'\n';
        w.Advance(n);
        if (headers is not null)
        {
            var h = w.GetSpan(headerLen);
            headers.WriteTo(h);
            w.Advance(headerLen);
        }
        w.Write(payload);
        w.Write("\r\n"u8);
        return n + headerLen + payload.Length + 2;
    }

    public static int WriteSub(IBufferWriter<byte> w, string subject, string? queueGroup, long sid)
    {
        var text = queueGroup is null ? $"SUB {subject} {sid}\r\n" : $"SUB {subject} {queueGroup} {sid}\r\n";
        return WriteAscii(w, text);
    }

    public static int WriteUnsub(IBufferWriter<byte> w, long sid, long? max)
    {
        var text = max is null ? $"UNSUB {sid}\r\n" : $"UNSUB {sid} {max}\r\n";
        return WriteAscii(w, text);
    }

    public static int WriteRaw(IBufferWriter<byte> w, ReadOnlySpan<byte> bytes)
    {
        w.Write(bytes);
        return bytes.Length;
    }

    private static int WriteAscii(IBufferWriter<byte> w, string text)
    {
        var n = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, w.GetSpan(n));
        w.Advance(n);
        return n;
    }

    /// <summary>Subjects and queue names travel as space-separated tokens, so they must not contain whitespace.</summary>
    public static void ValidateToken(string value, string what)
    {
        if (string.IsNullOrEmpty(value)) throw new ArgumentException($"{what} is empty");
        if (value.AsSpan().IndexOfAny(" \t\r\n") >= 0) throw new ArgumentException($"{what} '{value}' contains whitespace");
    }
}
