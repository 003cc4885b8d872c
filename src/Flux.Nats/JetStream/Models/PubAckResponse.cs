namespace Flux.Nats.JetStream.Models;

/// <summary>The stream's acknowledgement of a publish: where it was stored, and whether it was a duplicate.</summary>
public sealed record PubAckResponse : ApiResponse
{
    public string Stream { get; init; } = "";
    public ulong Seq { get; init; }
    public bool Duplicate { get; init; }
    public string? Domain { get; init; }
}
