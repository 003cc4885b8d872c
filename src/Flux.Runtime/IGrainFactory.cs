namespace Flux.Runtime;

/// <summary>Hands out references to grains; the grain is activated on its first call.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
