namespace Flux.Runtime;

/// <summary>Delivers a call to the activation of a grain, activating it first if needed.</summary>
public interface IGrainCallDispatcher
{
    Task<TResult> InvokeAsync<TGrain, TResult>(GrainId id, IGrainCall<TGrain, TResult> call, CancellationToken cancellationToken = default)
        where TGrain : IGrain;
}
