using Flux.Grains.Interfaces;

namespace Flux.Grains;

/// <summary>
/// The cluster's runtime limits (<see cref="IRuntimeLimitsGrain"/>). Nothing here is durable, as the contract asks
/// (docs/api.md §6.9): an activation starts empty and is handed the newest copy by the first process that syncs.
/// A change's version is at least the clock's ticks, so a change made on a new activation wins over an older copy
/// a process hands it later.
/// </summary>
[GrainType("runtime-limits")]
public sealed class RuntimeLimitsGrain(TimeProvider time) : Grain, IRuntimeLimitsGrain
{
    private SharedRuntimeLimits? _current;

    public Task<SharedRuntimeLimits> ChangeAsync(SharedRuntimeLimits known, RuntimeLimitsChange change)
    {
        var basis = _current is not null && _current.Version >= known.Version ? _current : known;
        _current = new SharedRuntimeLimits(Math.Max(basis.Version + 1, time.GetUtcNow().UtcTicks), change.ApplyTo(basis.Limits));
        return Task.FromResult(_current);
    }

    public Task<SharedRuntimeLimits?> SyncAsync(SharedRuntimeLimits? known)
    {
        if (known is not null && known.Version > (_current?.Version ?? 0))
            _current = known;
        return Task.FromResult(_current);
    }
}
