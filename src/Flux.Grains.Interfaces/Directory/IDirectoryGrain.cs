using Flux.Runtime;

namespace Flux.Grains.Interfaces;

/// <summary>The system entity <c>flux-core/directory</c> (docs/api.md §12), recomputed from the entity index.</summary>
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The directory entity; computed first if it never was.</summary>
    Task<EntityView> GetAsync();

    /// <summary>Recomputes it; writes and announces only the properties whose value changed.</summary>
    Task RefreshAsync();
}
