using System.Collections.Immutable;
using Flux.Contract;
using Orleans.Concurrency;

namespace Flux.Grains.Interfaces;

/// <summary>One entity (key: entity id): its merged properties, folded from its events in log order.</summary>
[Alias("flux.IEntityGrain")]
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>Appends these events of this entity durably, in order, then folds them into the state.</summary>
    [Alias("Publish")]
    Task<ImmutableArray<PublishOutcome>> PublishAsync([Immutable] ImmutableArray<FluxEvent> events);

    /// <summary>The entity as readers see it, or null when it does not exist.</summary>
    [ReadOnly, Alias("Get")]
    Task<EntityView?> GetAsync();

    /// <summary>Appends a tombstone for this entity (docs/api.md §6.6) and removes it.</summary>
    [Alias("Delete")]
    Task<DeleteOutcome> DeleteAsync();
}
