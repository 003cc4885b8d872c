using System.Buffers;
using System.Buffers.Binary;

namespace Flux.Gateway.Live;

/// <summary>
/// Server-to-client WebSocket text frames (RFC 6455 §5.2). A server never masks its frames, so the bytes
/// of a framed message are the same for every receiver: the hub frames each message once and a connection
/// writes a whole burst of frames to its socket in one write, instead of one WebSocket send per message.
/// </summary>
public static class TextFrames
{
    private const byte FinalText = 0x81;

    /// <summary>Appends <paramref name="payload"/> as one final text frame.</summary>
    public static void Write(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var header = output.GetSpan(10);
        header[0] = FinalText;
        int headerLength;
        if (payload.Length < 126)
        {
            header[1] = (byte)payload.Length;
            headerLength = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payload.Length);
            headerLength = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payload.Length);
            headerLength = 10;
        }
        output.Advance(headerLength);
        output.Write(payload);
    }

    /// <summary>The payloads of frames written by <see cref="Write"/>, in order.</summary>
    public static List<ReadOnlyMemory<byte>> Payloads(ReadOnlyMemory<byte> frames)
    {
        var payloads = new List<ReadOnlyMemory<byte>>();
        while (!frames.IsEmpty)
        {
            var span = frames.Span;
            var (headerLength, length) = span[1] switch
            {
                126 => (4, (long)BinaryPrimitives.ReadUInt16BigEndian(span[2..])),
                127 => (10, (long)BinaryPrimitives.ReadUInt64BigEndian(span[2..])),
                var small => (2, (long)small),
            };
            payloads.Add(frames.Slice(headerLength, (int)length));
            frames = frames[(headerLength + (int)length)..];
        }
        return payloads;
    }
}

/// <summary>Messages for one connection as ready-made text frames (see <see cref="TextFrames"/>), possibly shared by many connections.</summary>
public sealed record OutboundFrames(byte[] Frames, int Messages);
