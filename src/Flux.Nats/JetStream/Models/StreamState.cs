namespace Flux.Nats.JetStream.Models;

public sealed record StreamState
{
    public ulong Messages { get; init; }
    public ulong Bytes { get; init; }
    public ulong FirstSeq { get; init; }
    public ulong LastSeq { get; init; }
    public long NumSubjects { get; init; }
    public long NumDeleted { get; init; }
    public int ConsumerCount { get; init; }
    /// <summary>Message count per subject; only present when the info request asked with a subjects filter.</summary>
    public IReadOnlyDictionary<string, ulong>? Subjects { get; init; }
}
