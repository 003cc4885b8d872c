namespace Flux.Storage.Sqlite;

/// <summary>One entity row to upsert: its state as of <paramref name="Position"/>; null properties = deleted.</summary>
internal readonly record struct EntityWrite(string Id, ReadOnlyMemory<byte>? Properties, DateTimeOffset LastUpdated, long Position)
{
    public static EntityWrite Of(EntitySnapshot snapshot, long position) =>
        new(snapshot.Id, snapshot.Properties, snapshot.LastUpdated, position);
}
