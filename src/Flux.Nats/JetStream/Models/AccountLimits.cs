namespace Flux.Nats.JetStream.Models;

public sealed record AccountLimits
{
    public long MaxMemory { get; init; }
    public long MaxStorage { get; init; }
    public long MaxStreams { get; init; }
    public long MaxConsumers { get; init; }
}
