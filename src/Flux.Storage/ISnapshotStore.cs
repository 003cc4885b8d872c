namespace Flux.Storage;

/// <summary>Snapshots of entity state, so activation replays only the log tail.</summary>
public interface ISnapshotStore
{
    /// <summary>The latest snapshot of an entity, or null if none was ever written.</summary>
    Task<EntitySnapshot?> LoadAsync(string entityId, CancellationToken cancellationToken = default);

    /// <summary>Writes a snapshot unless a newer one (higher position) is already stored.</summary>
    Task WriteAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default);
}
