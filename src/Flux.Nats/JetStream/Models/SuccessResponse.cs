namespace Flux.Nats.JetStream.Models;

/// <summary>Response of delete operations.</summary>
public sealed record SuccessResponse : ApiResponse
{
    public bool Success { get; init; }
}
