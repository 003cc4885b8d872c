using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Silo.Hosting;

/// <summary>
/// Keeps a silo that stopped running for a while (SIGSTOP, a paused VM or node, a long GC) from answering out of
/// date. While it stood still the cluster may have declared it dead and activated its grains elsewhere, where they
/// took new writes; when it runs again it still holds the old activations, and requests that reached it meanwhile
/// would be answered from them until it learns of its death. So after a stall longer than the shortest liveness
/// probe, the silo rereads the membership table before it runs another Flux grain call: if it was declared dead,
/// Orleans stops the process there; otherwise the call goes on (docs/architecture.md §4, a zombie silo).
/// </summary>
public sealed class StallGuard : IIncomingGrainCallFilter, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private readonly IClusterMembershipService _membership;
    private readonly ILocalSiloDetails _silo;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stall;
    private readonly ITimer _ticker;
    private readonly Lock _lock = new(); // guards _confirming
    private long _lastRan;
    private bool _stalled;
    private Task? _confirming;

    public StallGuard(IClusterMembershipService membership, ILocalSiloDetails silo, IOptions<ClusterMembershipOptions> options, TimeProvider time)
    {
        _membership = membership;
        _silo = silo;
        _time = time;
        // No silo is declared dead before it missed probes of at least this long each.
        _stall = options.Value.MinProbeTimeout;
        _lastRan = time.GetTimestamp();
        _ticker = time.CreateTimer(_ => Ran(), null, Tick, Tick);
    }

    /// <summary>
    /// Whether the next Flux grain call must first confirm this silo is still a member of the cluster. Read on every
    /// grain call, so without a lock: a stale read only delays the check by one call.
    /// </summary>
    public bool MustConfirm => Volatile.Read(ref _stalled) || _time.GetElapsedTime(Interlocked.Read(ref _lastRan)) > _stall;

    public Task Invoke(IIncomingGrainCallContext context) =>
        context.InterfaceMethod?.DeclaringType?.Assembly == typeof(IEntityGrain).Assembly && MustConfirm
            ? ConfirmThenInvokeAsync(context)
            : context.Invoke();

    private async Task ConfirmThenInvokeAsync(IIncomingGrainCallContext context)
    {
        await ConfirmMembershipAsync();
        await context.Invoke();
    }

    /// <summary>Rereads the membership table once for every call waiting on it; throws when this silo is no longer active.</summary>
    public Task ConfirmMembershipAsync()
    {
        lock (_lock)
        {
            // A finished read, failed or not, is not reused: the next call after a failure reads again.
            if (_confirming is null || _confirming.IsCompleted)
                _confirming = ConfirmAsync();
            return _confirming;
        }
    }

    private async Task ConfirmAsync()
    {
        try
        {
            await _membership.Refresh();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StorageUnavailableException("this silo stalled and cannot reach the membership table to confirm it is still in the cluster", e);
        }
        var status = _membership.CurrentSnapshot.GetSiloStatus(_silo.SiloAddress);
        if (status != SiloStatus.Active)
            throw new SiloUnavailableException($"this silo stalled and the cluster now counts it as {status}; it answers nothing more");
        Interlocked.Exchange(ref _lastRan, _time.GetTimestamp());
        Volatile.Write(ref _stalled, false);
    }

    /// <summary>The ticker's proof of life; a gap since the last tick longer than a probe means the process stood still.</summary>
    private void Ran()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(Interlocked.Exchange(ref _lastRan, now), now) > _stall)
            Volatile.Write(ref _stalled, true);
    }

    public void Dispose() => _ticker.Dispose();
}
