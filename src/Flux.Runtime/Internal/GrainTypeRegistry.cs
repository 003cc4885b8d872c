using Microsoft.Extensions.DependencyInjection;

namespace Flux.Runtime.Internal;

/// <summary>
/// Grain type names to implementation factories, and grain interfaces to their reference builders.
/// Filled while services are configured, read-only afterwards.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, ObjectFactory> _implementations = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, (string TypeName, Delegate CreateReference)> _references = [];

    public void Add<TInterface, TGrain>(string typeName, Func<GrainId, IGrainCallDispatcher, TInterface> createReference)
        where TGrain : Grain, TInterface
        where TInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(createReference);
        if (!_implementations.TryAdd(typeName, ActivatorUtilities.CreateFactory(typeof(TGrain), Type.EmptyTypes)))
        {
            throw new InvalidOperationException($"Grain type '{typeName}' is registered twice.");
        }

        if (!_references.TryAdd(typeof(TInterface), (typeName, createReference)))
        {
            throw new InvalidOperationException($"Grain interface {typeof(TInterface).Name} is registered twice.");
        }
    }

    public Grain CreateGrain(GrainId id, IServiceProvider services) =>
        _implementations.TryGetValue(id.Type, out var factory)
            ? (Grain)factory(services, null)
            : throw new InvalidOperationException($"No grain type '{id.Type}' is registered (grain {id}).");

    public TGrain CreateReference<TGrain>(string key, IGrainCallDispatcher dispatcher) where TGrain : IGrainWithStringKey =>
        _references.TryGetValue(typeof(TGrain), out var entry)
            ? ((Func<GrainId, IGrainCallDispatcher, TGrain>)entry.CreateReference)(new GrainId(entry.TypeName, key), dispatcher)
            : throw new InvalidOperationException($"No grain is registered for interface {typeof(TGrain).Name}.");
}
