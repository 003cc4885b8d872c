using Flux.Contract;

namespace Flux.Grains.Interfaces;

/// <summary>The system entity <c>flux-core/directory</c> (docs/api.md §12), recomputed from the entity index.</summary>
[Alias("flux.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The one directory grain's key, which is also the system entity's id.</summary>
    public const string Key = EntityIds.Directory;

    /// <summary>The directory entity; computed first if it never was (so not read-only).</summary>
    [Alias("Get")]
    Task<EntityView> GetAsync();

    /// <summary>Recomputes it; writes and announces only the properties whose value changed.</summary>
    [Alias("Refresh")]
    Task RefreshAsync();
}
