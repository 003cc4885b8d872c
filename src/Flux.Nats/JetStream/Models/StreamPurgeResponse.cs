namespace Flux.Nats.JetStream.Models;

public sealed record StreamPurgeResponse : ApiResponse
{
    public bool Success { get; init; }
    public ulong Purged { get; init; }
}
