using System.Collections.Immutable;
using Flux.Runtime;

namespace Flux.Grains.Interfaces;

/// <summary>Turns <see cref="IEntityGrain"/> calls into call values for the dispatcher.</summary>
public sealed class EntityGrainReference(GrainId id, IGrainCallDispatcher dispatcher) : GrainReference(id, dispatcher), IEntityGrain
{
    public const string TypeName = "entity";

    public Task<ImmutableArray<PublishOutcome>> PublishAsync(ImmutableArray<FluxEvent> events) => InvokeAsync(new PublishCall(events));

    public Task<EntityView?> GetAsync() => InvokeAsync(GetCall.Instance);

    public Task<DeleteOutcome> DeleteAsync() => InvokeAsync(DeleteCall.Instance);

    public sealed record PublishCall(ImmutableArray<FluxEvent> Events) : IGrainCall<IEntityGrain, ImmutableArray<PublishOutcome>>
    {
        public bool IsReadOnly => false;
        public Task<ImmutableArray<PublishOutcome>> InvokeAsync(IEntityGrain grain) => grain.PublishAsync(Events);
    }

    public sealed record GetCall : IGrainCall<IEntityGrain, EntityView?>
    {
        public static readonly GetCall Instance = new();
        public bool IsReadOnly => true;
        public Task<EntityView?> InvokeAsync(IEntityGrain grain) => grain.GetAsync();
    }

    public sealed record DeleteCall : IGrainCall<IEntityGrain, DeleteOutcome>
    {
        public static readonly DeleteCall Instance = new();
        public bool IsReadOnly => false;
        public Task<DeleteOutcome> InvokeAsync(IEntityGrain grain) => grain.DeleteAsync();
    }
}
