namespace Flux.Nats.JetStream.Models;

/// <summary>The <c>error</c> object of a JetStream API response.</summary>
public sealed record ApiError
{
    public int Code { get; init; }
    public int ErrCode { get; init; }
    public string Description { get; init; } = "";
}
