namespace Flux.Nats.JetStream.Models;

public sealed record AccountInfo : ApiResponse
{
    public ulong Memory { get; init; }
    public ulong Storage { get; init; }
    public long Streams { get; init; }
    public long Consumers { get; init; }
    public AccountLimits Limits { get; init; } = new();
}
