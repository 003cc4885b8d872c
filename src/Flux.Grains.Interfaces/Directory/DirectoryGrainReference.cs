using Flux.Runtime;

namespace Flux.Grains.Interfaces;

/// <summary>Turns <see cref="IDirectoryGrain"/> calls into call values for the dispatcher.</summary>
public sealed class DirectoryGrainReference(GrainId id, IGrainCallDispatcher dispatcher) : GrainReference(id, dispatcher), IDirectoryGrain
{
    public const string TypeName = "directory";

    /// <summary>The one directory grain's key, which is also the system entity's id.</summary>
    public const string Key = EntityIds.Directory;

    public Task<EntityView> GetAsync() => InvokeAsync(GetCall.Instance);

    public Task RefreshAsync() => InvokeAsync(RefreshCall.Instance);

    public sealed record GetCall : IGrainCall<IDirectoryGrain, EntityView>
    {
        public static readonly GetCall Instance = new();
        public bool IsReadOnly => false; // the first read computes the state
        public Task<EntityView> InvokeAsync(IDirectoryGrain grain) => grain.GetAsync();
    }

    public sealed record RefreshCall : IGrainCall<IDirectoryGrain, bool>
    {
        public static readonly RefreshCall Instance = new();
        public bool IsReadOnly => false;
        public async Task<bool> InvokeAsync(IDirectoryGrain grain)
        {
            await grain.RefreshAsync();
            return true;
        }
    }
}
