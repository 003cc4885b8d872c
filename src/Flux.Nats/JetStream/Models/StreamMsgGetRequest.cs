namespace Flux.Nats.JetStream.Models;

/// <summary>Which stored message to get: by sequence, the last on a subject, or the next on a subject from a sequence.</summary>
public sealed record StreamMsgGetRequest
{
    public ulong? Seq { get; init; }
    public string? LastBySubj { get; init; }
    public string? NextBySubj { get; init; }
}
