namespace Flux.Nats.JetStream.Models;

/// <summary>Every JetStream API response may carry an error instead of its content.</summary>
public abstract record ApiResponse
{
    public string? Type { get; init; }
    public ApiError? Error { get; init; }
}
