using System.Buffers;

namespace Flux.Nats.Internal;

/// <summary>One outstanding request on the muxed inbox. Whoever removes it from the mux completes it, exactly once.</summary>
internal abstract class ReplyWaiter
{
    public string RequestSubject { get; init; } = "";
    public long Token { get; set; }
    public long Deadline { get; set; }
    public TimeSpan Timeout { get; set; }

    /// <summary>Runs on the read loop: copy what is needed, never block.</summary>
    public abstract void OnReply(in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload);
    public abstract void OnFailure(Exception error);
}
