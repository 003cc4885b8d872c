using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Flux.Nats.Internal;

/// <summary>
/// Parses server operations from the read buffer. One call consumes one complete operation and
/// returns true, or returns false (buffer untouched) when the operation is not complete yet, so the
/// caller can wait for more bytes. Control lines are parsed in place; the only copies made are for a
/// control line that straddles two buffer segments. Anything that is not the protocol throws
/// <see cref="NatsProtocolException"/> as soon as the first bytes show it, so garbage never hangs a reader.
/// </summary>
internal static class ProtocolParser
{
    /// <summary>Longest control line accepted (INFO with many URLs is the longest legitimate one).</summary>
    public const int MaxControlLine = 64 * 1024;

    private static readonly byte[][] Ops = ["MSG "u8.ToArray(), "HMSG "u8.ToArray(), "PING"u8.ToArray(), "PONG"u8.ToArray(), "+OK"u8.ToArray(), "-ERR"u8.ToArray(), "INFO "u8.ToArray()];

    public static bool TryParse<THandler>(ref ReadOnlySequence<byte> buffer, THandler handler) where THandler : IServerOpHandler
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySpan<byte> line, "\r\n"u8))
        {
            RejectIncompleteGarbage(buffer);
            return false;
        }
        if (line.Length > MaxControlLine) throw new NatsProtocolException($"control line of {line.Length} bytes is too long");

        switch (Upper(line, 0))
        {
            case (byte)'M' when StartsWith(line, "MSG "u8):
                return ParseMsg(ref buffer, ref reader, line[4..], handler, headers: false);
            case (byte)'H' when StartsWith(line, "HMSG "u8):
                return ParseMsg(ref buffer, ref reader, line[5..], handler, headers: true);
            case (byte)'P' when Equals(line, "PING"u8):
                handler.OnPing();
                break;
            case (byte)'P' when Equals(line, "PONG"u8):
                handler.OnPong();
                break;
            case (byte)'+' when Equals(line, "+OK"u8):
                handler.OnOk();
                break;
            case (byte)'-' when StartsWith(line, "-ERR"u8):
                handler.OnError(Encoding.UTF8.GetString(line[4..]).Trim().Trim('\''));
                break;
            case (byte)'I' when StartsWith(line, "INFO "u8):
                handler.OnInfo(line[5..]);
                break;
            default:
                throw new NatsProtocolException($"unknown protocol operation '{Printable(line)}'");
        }
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool ParseMsg<THandler>(ref ReadOnlySequence<byte> buffer, ref SequenceReader<byte> reader, ReadOnlySpan<byte> args,
        THandler handler, bool headers) where THandler : IServerOpHandler
    {
        // MSG <subject> <sid> [reply] <#bytes>   |   HMSG <subject> <sid> [reply] <#hdr> <#total>
        Span<Range> tok = stackalloc Range[6];
        var n = Tokenize(args, tok);
        var fixedCount = headers ? 4 : 3;
        if (n != fixedCount && n != fixedCount + 1)
            throw new NatsProtocolException($"malformed {(headers ? "HMSG" : "MSG")} arguments '{Printable(args)}'");

        var subject = args[tok[0]];
        var sid = ParseNumber(args[tok[1]], "sid");
        var replyTo = n == fixedCount + 1 ? args[tok[2]] : default;
        long headerLen = 0, total;
        if (headers)
        {
            headerLen = ParseNumber(args[tok[n - 2]], "header size");
            total = ParseNumber(args[tok[n - 1]], "total size");
            if (headerLen > total || headerLen < 0) throw new NatsProtocolException($"header size {headerLen} exceeds total {total}");
        }
        else
        {
            total = ParseNumber(args[tok[n - 1]], "size");
        }

        if (reader.Remaining < total + 2) return false; // payload still arriving

        var body = reader.Sequence.Slice(reader.Position, total);
        reader.Advance(total);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
            throw new NatsProtocolException("message payload is not followed by CRLF");

        handler.OnMsg(subject, sid, replyTo, body.Slice(0, headerLen), body.Slice(headerLen));
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    /// <summary>Without a full line yet, still fail fast on bytes no operation starts with.</summary>
    private static void RejectIncompleteGarbage(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length > MaxControlLine + 2) throw new NatsProtocolException($"no line end within {MaxControlLine} bytes");
        Span<byte> head = stackalloc byte[5];
        var len = (int)Math.Min(head.Length, buffer.Length);
        buffer.Slice(0, len).CopyTo(head);
        head = head[..len];
        foreach (var op in Ops)
        {
            var k = Math.Min(op.Length, head.Length);
            var match = true;
            for (var i = 0; i < k && match; i++) match = Upper(head, i) == op[i];
            if (match) return;
        }
        throw new NatsProtocolException($"unknown protocol operation starting '{Printable(head)}'");
    }

    private static int Tokenize(ReadOnlySpan<byte> s, Span<Range> ranges)
    {
        var count = 0;
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t')) i++;
            if (i == s.Length) break;
            var start = i;
            while (i < s.Length && s[i] != ' ' && s[i] != '\t') i++;
            if (count == ranges.Length) return count + 1; // too many: caller rejects
            ranges[count++] = new Range(start, i);
        }
        return count;
    }

    private static long ParseNumber(ReadOnlySpan<byte> s, string what)
    {
        if (!Utf8Parser.TryParse(s, out long value, out var used) || used != s.Length || value < 0)
            throw new NatsProtocolException($"bad {what} '{Printable(s)}'");
        return value;
    }

    private static byte Upper(ReadOnlySpan<byte> s, int i) => i < s.Length && s[i] is >= (byte)'a' and <= (byte)'z' ? (byte)(s[i] - 32) : i < s.Length ? s[i] : (byte)0;

    private static bool StartsWith(ReadOnlySpan<byte> s, ReadOnlySpan<byte> op)
    {
        if (s.Length < op.Length) return false;
        for (var i = 0; i < op.Length; i++)
        {
            if (Upper(s, i) != op[i]) return false;
        }
        return true;
    }

    private static bool Equals(ReadOnlySpan<byte> s, ReadOnlySpan<byte> op) => s.Length == op.Length && StartsWith(s, op);

    private static string Printable(ReadOnlySpan<byte> s)
    {
        var cut = s.Length > 48 ? s[..48] : s;
        var sb = new StringBuilder(cut.Length + 3);
        foreach (var b in cut) sb.Append(b is >= 32 and < 127 ? (char)b : '?');
        if (s.Length > cut.Length) sb.Append("...");
        return sb.ToString();
    }
}
