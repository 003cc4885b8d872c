namespace Flux.Nats.JetStream.Models;

public sealed record StreamInfo : ApiResponse
{
    public StreamConfig Config { get; init; } = new();
    public DateTimeOffset Created { get; init; }
    public StreamState State { get; init; } = new();
}
