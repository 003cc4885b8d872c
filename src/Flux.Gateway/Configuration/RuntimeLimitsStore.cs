using Flux.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

/// <summary>
/// This process's copy of the runtime limits (docs/api.md §6.9), read on every request: its configuration until a
/// change is made, through <see cref="IRuntimeLimitsGrain"/>, which holds them for the whole cluster (and in the
/// embedded profile for the one process). A change takes effect in the process that made it before it answers.
/// </summary>
public sealed class RuntimeLimitsStore(IOptions<RuntimeLimits> configured, FluxGrains grains)
{
    private SharedRuntimeLimits _copy = new(0, configured.Value);

    public RuntimeLimits Current => Volatile.Read(ref _copy).Limits;

    /// <summary>Applies <paramref name="change"/> to the cluster's limits; answers them as this process now applies them.</summary>
    public async Task<RuntimeLimits> ChangeAsync(RuntimeLimitsChange change)
    {
        Adopt(await grains.RuntimeLimits.ChangeAsync(Volatile.Read(ref _copy), change));
        return Current;
    }

    /// <summary>Takes the cluster's newest limits, and hands them this copy when it is newer (a new activation).</summary>
    public async Task SyncAsync()
    {
        var copy = Volatile.Read(ref _copy);
        Adopt(await grains.RuntimeLimits.SyncAsync(copy.Version > 0 ? copy : null));
    }

    private void Adopt(SharedRuntimeLimits? shared)
    {
        while (Volatile.Read(ref _copy) is var copy && shared is not null && shared.Version > copy.Version)
            if (Interlocked.CompareExchange(ref _copy, shared, copy) == copy)
                return;
    }
}
