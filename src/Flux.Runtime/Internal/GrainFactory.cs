namespace Flux.Runtime.Internal;

/// <summary>Builds references bound to the registered dispatcher (local today, routing across silos later).</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallDispatcher dispatcher) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        return registry.CreateReference<TGrain>(key, dispatcher);
    }
}
