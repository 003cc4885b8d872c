namespace Flux.Nats.JetStream.Models;

public sealed record StreamPurgeRequest
{
    /// <summary>Purge only this subject (wildcards allowed).</summary>
    public string? Filter { get; init; }
    /// <summary>Purge up to, not including, this sequence.</summary>
    public ulong? Seq { get; init; }
    /// <summary>Keep this many of the newest messages.</summary>
    public ulong? Keep { get; init; }
}
