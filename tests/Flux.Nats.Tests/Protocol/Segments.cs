using System.Buffers;

namespace Flux.Nats.Tests.Protocol;

/// <summary>Builds a read buffer made of several memory segments, as a socket read can deliver it.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Create(params byte[][] parts)
    {
        var nonEmpty = parts.Where(p => p.Length > 0).ToArray();
        if (nonEmpty.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        foreach (var part in nonEmpty.Skip(1)) last = last.Append(part);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
