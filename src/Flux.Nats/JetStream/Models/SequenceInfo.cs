namespace Flux.Nats.JetStream.Models;

public sealed record SequenceInfo
{
    public ulong ConsumerSeq { get; init; }
    public ulong StreamSeq { get; init; }
}
