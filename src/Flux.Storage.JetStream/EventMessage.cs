using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Flux.Contract;

namespace Flux.Storage.JetStream;

/// <summary>
/// One stored message: all events of one append (one entity's events of one request), so they are stored
/// atomically and share the message's stream sequence as their position.
/// </summary>
/// <remarks>
/// Format 1, binary, integers as unsigned LEB128 varints unless said otherwise:
/// <code>
/// u8      format (1)
/// varint  k, then k earlier sequences of the same subject, newest first: the first as is, each next as the gap below the one before
/// varint  entity id byte length + 1 (0: no entity), then its UTF-8
/// varint  event count n, then n times:
///         varint length + UTF-8 event id; varint length + UTF-8 source;
///         i64 little-endian accepted-at in microseconds since the Unix epoch;
///         u8 what the event changed (<see cref="ChangeKind"/>), for live subscribers;
///         varint length + the envelope bytes, verbatim
/// </code>
/// The earlier sequences let a reader walk an entity's log newest first, fetching up to k messages at a time
/// (JetStream 2.10 can only step forward through a subject); see <see cref="JetStreamEventLog"/>.
/// </remarks>
/// <param name="Changes">What each event changed, read back; when encoding it is taken from each event's <see cref="EventRecord.Change"/>.</param>
internal sealed record EventMessage(IReadOnlyList<long> Previous, string? EntityId, IReadOnlyList<EventRecord> Events, IReadOnlyList<ChangeKind>? Changes = null)
{
    private const byte Format = 1;

    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.GetSpan(1)[0] = Format;
        buffer.Advance(1);
        WriteVarint(buffer, (ulong)Previous.Count);
        for (var i = 0; i < Previous.Count; i++)
            WriteVarint(buffer, (ulong)(i == 0 ? Previous[0] : Previous[i - 1] - Previous[i]));
        if (EntityId is null)
            WriteVarint(buffer, 0);
        else
            WriteString(buffer, EntityId, plusOne: true);
        WriteVarint(buffer, (ulong)Events.Count);
        foreach (var e in Events)
        {
            WriteString(buffer, e.EventId);
            WriteString(buffer, e.Source);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), (e.AcceptedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
            buffer.Advance(8);
            buffer.GetSpan(1)[0] = (byte)(e.Change switch
            {
                PropertiesChanged => ChangeKind.PropertiesChanged,
                EntityDeleted => ChangeKind.Deleted,
                _ => ChangeKind.None,
            });
            buffer.Advance(1);
            WriteVarint(buffer, (ulong)e.Envelope.Length);
            buffer.Write(e.Envelope.Span);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a message; the envelopes are slices of <paramref name="data"/>, not copies.</summary>
    public static EventMessage Decode(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var at = 0;
        if (span.Length == 0 || span[at++] != Format)
            throw new InvalidDataException($"not a Flux event message of format {Format}");
        var previous = new long[checked((int)ReadVarint(span, ref at))];
        for (var i = 0; i < previous.Length; i++)
            previous[i] = i == 0 ? (long)ReadVarint(span, ref at) : previous[i - 1] - (long)ReadVarint(span, ref at);
        var entityLength = (int)ReadVarint(span, ref at);
        string? entityId = null;
        if (entityLength > 0)
        {
            entityId = Encoding.UTF8.GetString(span.Slice(at, entityLength - 1));
            at += entityLength - 1;
        }

        var events = new EventRecord[checked((int)ReadVarint(span, ref at))];
        var changes = new ChangeKind[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var eventId = ReadString(span, ref at);
            var source = ReadString(span, ref at);
            var micros = BinaryPrimitives.ReadInt64LittleEndian(span.Slice(at, 8));
            at += 8;
            changes[i] = (ChangeKind)span[at++];
            var envelopeLength = (int)ReadVarint(span, ref at);
            var envelope = data.Slice(at, envelopeLength);
            at += envelopeLength;
            events[i] = new EventRecord(eventId, entityId, source, DateTimeOffset.UnixEpoch.AddTicks(micros * 10), envelope);
        }

        return new EventMessage(previous, entityId, events, changes);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string text, bool plusOne = false)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteVarint(buffer, (ulong)length + (plusOne ? 1UL : 0));
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int at)
    {
        var length = (int)ReadVarint(span, ref at);
        var text = Encoding.UTF8.GetString(span.Slice(at, length));
        at += length;
        return text;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }

        throw new InvalidDataException("a varint longer than 64 bits");
    }
}

/// <summary>What an event changed, as the appending grain found it: whether live subscribers hear of it, and how.</summary>
internal enum ChangeKind : byte
{
    None = 0,
    PropertiesChanged = 1,
    Deleted = 2,
}
