using Flux.Grains.Interfaces;
using Flux.Runtime;

namespace Flux.Grains;

/// <summary>Registers Flux's grains with the runtime.</summary>
public static class GrainsRuntimeBuilderExtensions
{
    public static IGrainRuntimeBuilder AddFluxGrains(this IGrainRuntimeBuilder builder) => builder
        .AddGrain<IEntityGrain, EntityGrain>(EntityGrainReference.TypeName, (id, d) => new EntityGrainReference(id, d))
        .AddGrain<INamespaceGrain, NamespaceGrain>(NamespaceGrainReference.TypeName, (id, d) => new NamespaceGrainReference(id, d))
        .AddGrain<IDirectoryGrain, DirectoryGrain>(DirectoryGrainReference.TypeName, (id, d) => new DirectoryGrainReference(id, d));
}
