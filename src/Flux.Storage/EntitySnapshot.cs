namespace Flux.Storage;

/// <summary>
/// The state of one entity as of log position <paramref name="Position"/>: the fold of its events
/// up to and including that position. <paramref name="Properties"/> is the UTF-8 JSON object of its
/// properties, or null when the entity does not exist (never created, or deleted).
/// </summary>
public sealed record EntitySnapshot(string Id, ReadOnlyMemory<byte>? Properties, DateTimeOffset LastUpdated, long Position)
{
    public bool Exists => Properties is not null;
}
