using Microsoft.Extensions.DependencyInjection;

namespace Flux.Runtime;

/// <summary>Registers grain types with the runtime added by <c>AddGrainRuntime</c>.</summary>
public interface IGrainRuntimeBuilder
{
    IServiceCollection Services { get; }

    /// <summary>
    /// Makes <typeparamref name="TGrain"/> the implementation of <typeparamref name="TInterface"/> under
    /// <paramref name="typeName"/> (the <see cref="GrainId.Type"/>); <paramref name="createReference"/> builds
    /// the hand-written reference class that <see cref="IGrainFactory.GetGrain{TGrain}"/> hands out.
    /// </summary>
    IGrainRuntimeBuilder AddGrain<TInterface, TGrain>(string typeName, Func<GrainId, IGrainCallDispatcher, TInterface> createReference)
        where TGrain : Grain, TInterface
        where TInterface : IGrainWithStringKey;
}
