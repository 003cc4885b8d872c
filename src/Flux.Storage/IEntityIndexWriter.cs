namespace Flux.Storage;

/// <summary>
/// Where a log that keeps no state beside it (the cluster's JetStream stream) hands the state after each
/// append, for the entity index and snapshots to take behind the write (contract G3: lag ≤ 2 s). Enqueuing
/// never blocks the append; for one entity the highest position wins.
/// </summary>
public interface IEntityIndexWriter
{
    void Enqueue(EntitySnapshot state);
}
