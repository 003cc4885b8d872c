namespace Flux.Nats.JetStream.Models;

public sealed record ConsumerInfo : ApiResponse
{
    public string StreamName { get; init; } = "";
    public string Name { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    public ConsumerConfig Config { get; init; } = new();
    public SequenceInfo Delivered { get; init; } = new();
    public SequenceInfo AckFloor { get; init; } = new();
    public long NumAckPending { get; init; }
    public long NumRedelivered { get; init; }
    public long NumWaiting { get; init; }
    public ulong NumPending { get; init; }
}
