namespace Flux.Runtime;

/// <summary>Base of the small hand-written reference classes that implement grain interfaces.</summary>
public abstract class GrainReference(GrainId id, IGrainCallDispatcher dispatcher)
{
    public GrainId GrainId { get; } = id;

    protected Task<TResult> InvokeAsync<TGrain, TResult>(IGrainCall<TGrain, TResult> call) where TGrain : IGrain =>
        dispatcher.InvokeAsync(GrainId, call);
}
