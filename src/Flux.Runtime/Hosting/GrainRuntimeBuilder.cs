using Flux.Runtime.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Flux.Runtime.Hosting;

internal sealed class GrainRuntimeBuilder(IServiceCollection services, GrainTypeRegistry registry) : IGrainRuntimeBuilder
{
    public IServiceCollection Services { get; } = services;

    public IGrainRuntimeBuilder AddGrain<TInterface, TGrain>(string typeName, Func<GrainId, IGrainCallDispatcher, TInterface> createReference)
        where TGrain : Grain, TInterface
        where TInterface : IGrainWithStringKey
    {
        registry.Add<TInterface, TGrain>(typeName, createReference);
        return this;
    }
}
