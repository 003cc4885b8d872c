using System.Buffers;

namespace Flux.Nats;

/// <summary>What the connection knows about a live SUB: enough to route MSGs and to resubscribe after a reconnect.</summary>
public abstract class NatsSubBase
{
    private protected NatsSubBase(string subject, string? queueGroup)
    {
        Subject = subject;
        QueueGroup = queueGroup;
    }

    public string Subject { get; }
    public string? QueueGroup { get; }
    public long Sid { get; internal init; }

    /// <summary>Messages still allowed before the server drops the SUB; null without a limit.</summary>
    internal abstract long? RemainingMsgs { get; }

    /// <summary>Called on the read loop; must not block.</summary>
    internal abstract void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload);

    /// <summary>The connection closed or the subscription ended; no more messages will come.</summary>
    internal abstract void Complete(Exception? error);
}
