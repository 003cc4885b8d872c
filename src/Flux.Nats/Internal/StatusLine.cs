using System.Buffers;
using System.Buffers.Text;

namespace Flux.Nats.Internal;

/// <summary>Reads only the status code of a header block, without building the headers.</summary>
internal static class StatusLine
{
    public static int Code(in ReadOnlySequence<byte> headers)
    {
        if (headers.Length < 12) return 0; // "NATS/1.0 xxx"
        Span<byte> head = stackalloc byte[12];
        headers.Slice(0, 12).CopyTo(head);
        if (!head.StartsWith("NATS/1.0 "u8)) return 0;
        return Utf8Parser.TryParse(head[9..], out int code, out var used) && used == 3 ? code : 0;
    }
}
