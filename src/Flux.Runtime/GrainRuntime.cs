using System.Collections.Concurrent;
using Flux.Runtime.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Runtime;

// The local grain runtime: activations of grains in this process, their mailboxes and their collection.
//
// Model. A grain is a virtual actor: callers hold references, never the object. The first call for a
// GrainId adds an Activation to one ConcurrentDictionary (GetOrAdd, so concurrent first calls agree on
// one instance; losers of the race are plain objects nobody ever saw) and the caller that moves it from
// Created to Activating constructs the grain through ActivatorUtilities and runs OnActivateAsync. Calls
// that arrive meanwhile wait in its queue. A throw from activation fails every waiting call with that
// exception and removes the activation, so the next call starts over.
//
// Turns. Each activation's monitor guards a few fields: state, a running writer flag, a reader count, a
// lazily allocated queue, a last-used timestamp. A call that finds the activation valid, with nothing
// queued and nothing conflicting running, takes the turn under the lock and runs on the caller's own
// thread: no queue, no extra task when the grain completes synchronously. Otherwise it becomes a
// WorkItem in a FIFO queue; whoever ends a turn starts the next writer, or the run of read-only calls at
// the head, on the thread pool. A turn lasts until the call's Task completes, so a grain is not
// re-entered while it awaits (non-reentrant, as Orleans by default). Read-only calls share turns with
// each other and never with a writer or a timer tick; FIFO order means a waiting writer is not starved
// by later readers. A call's exception completes that call's Task only; the activation stays valid.
//
// Leaving. Deactivation is decided under the lock (DeactivateOnIdle, the idle collector, the capacity
// limit, shutdown) and begins only when no turn runs. Shutdown first lets the calls already queued run;
// the other reasons do not. Calls arriving while an activation deactivates are queued there; after
// OnDeactivateAsync the activation is marked dead, removed from the dictionary, and those calls are
// forwarded to a fresh activation. A caller that meets a dead activation removes it and looks again. So a
// call is never lost and never runs on a grain after OnDeactivateAsync started, and a fresh activation
// never overlaps the deactivation of the old one (its state snapshot is written first). Forwarded calls
// keep their order among themselves; a call made at the instant of the hand-over may overtake them.
//
// Memory. An idle activation is the grain, an Activation object (~100 bytes) and a dictionary node: no
// Task, queue, timer or CancellationTokenSource (FootprintTests measures ~190 bytes in all for a trivial
// grain). The collector scans the dictionary: every activation unused for IdleTimeout goes, and past
// MaxActivations the least recently used idle ones go too, down to 5% under the cap. A bounded heap
// picks them; an activation over the limit schedules that trim at once, and the 5% means a stream of new
// keys pays one O(n) scan per MaxActivations/20 activations.
//
// Not done here: reentrancy or call chains, deadlock detection, call timeouts (a caller may cancel while
// queued, not once running), per-grain DI scopes (grains are built from the root provider), forcing out
// a grain whose OnDeactivateAsync ignores its timeout token, placement across silos or a directory (the
// cluster layer routes calls by partition to the owning process and uses this runtime there). A grain
// calling itself through a reference waits for its own turn forever, as in Orleans without reentrancy.

/// <summary>
/// Hosts grain activations in this process and dispatches calls to them. Registered by
/// <c>AddGrainRuntime</c> as the local <see cref="IGrainCallDispatcher"/> and <see cref="IGrainRuntimeStatistics"/>.
/// </summary>
public sealed class GrainRuntime : IGrainCallDispatcher, IGrainRuntimeStatistics
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly Func<GrainId, Activation> _newActivation;
    private readonly GrainTypeRegistry _registry;
    private readonly IServiceProvider _services;
    private IGrainFactory? _factory;
    private int _activationCount;
    private int _deactivatingCount;
    private int _trimScheduled;
    private long _totalActivations;
    private long _totalDeactivations;
    private long _callsTotal;

    internal GrainRuntime(GrainTypeRegistry registry, IServiceProvider services, GrainRuntimeOptions options, TimeProvider time, ILogger logger)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(nameof(GrainRuntimeOptions), typeof(GrainRuntimeOptions), errors);
        _registry = registry;
        _services = services;
        Options = options;
        Time = time;
        Logger = logger;
        _newActivation = id => new Activation(this, id);
    }

    internal GrainRuntimeOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal long Now => Time.GetTimestamp();

    internal IGrainFactory Factory => _factory ??= _services.GetRequiredService<IGrainFactory>();

    public int ActivationCount => Volatile.Read(ref _activationCount);

    public long TotalActivations => Interlocked.Read(ref _totalActivations);

    public long TotalDeactivations => Interlocked.Read(ref _totalDeactivations);

    public long CallsTotal => Interlocked.Read(ref _callsTotal);

    public Task<TResult> InvokeAsync<TGrain, TResult>(GrainId id, IGrainCall<TGrain, TResult> call, CancellationToken cancellationToken = default)
        where TGrain : IGrain
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TResult>(cancellationToken);
        Interlocked.Increment(ref _callsTotal);
        while (true)
        {
            var activation = _activations.GetOrAdd(id, _newActivation);
            var task = activation.TryInvoke(call, cancellationToken);
            if (task is not null) return task;
            _activations.TryRemove(new KeyValuePair<GrainId, Activation>(id, activation));
        }
    }

    /// <summary>
    /// Deactivates every activation (reason <see cref="DeactivationReason.ShuttingDown"/>) after the calls
    /// running or queued on it finish, and returns once none is left.
    /// </summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        while (!_activations.IsEmpty)
        {
            var pending = new List<Task>();
            foreach (var activation in _activations.Values) pending.Add(activation.DeactivateForShutdown());
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
            // Calls that raced with shutdown may have made fresh activations: go round until none is left.
            if (!_activations.IsEmpty) await Task.Yield();
        }
    }

    /// <summary>
    /// One collector pass: deactivates activations idle for <see cref="GrainRuntimeOptions.IdleTimeout"/>,
    /// then enforces <see cref="GrainRuntimeOptions.MaxActivations"/>; completes when they are gone.
    /// </summary>
    public async Task CollectIdleAsync(CancellationToken cancellationToken)
    {
        var usedBefore = Now - ToTimestampTicks(Options.IdleTimeout);
        var pending = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            if (activation.LooksIdle && activation.LastUsed <= usedBefore &&
                activation.TryCollect(DeactivationReason.IdleCollected, usedBefore) is { } deactivation)
            {
                pending.Add(deactivation);
            }
        }

        pending.AddRange(TrimToCapacity());
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deactivates the least recently used idle activations beyond the capacity limit.</summary>
    private List<Task> TrimToCapacity()
    {
        var started = new List<Task>();
        var excess = Volatile.Read(ref _activationCount) - Volatile.Read(ref _deactivatingCount) - Options.MaxActivations;
        if (excess <= 0) return started;
        // Go 5% below the cap, so that with a stream of new keys each O(n) scan pays for many activations.
        excess += Options.MaxActivations / 20;

        // A max-heap of the `excess` oldest idle activations seen so far.
        var oldest = new PriorityQueue<Activation, long>(excess, Comparer<long>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var activation in _activations.Values)
        {
            if (!activation.LooksIdle) continue;
            var lastUsed = activation.LastUsed;
            if (oldest.Count < excess) oldest.Enqueue(activation, lastUsed);
            else if (oldest.TryPeek(out _, out var newestKept) && lastUsed < newestKept) oldest.EnqueueDequeue(activation, lastUsed);
        }

        while (oldest.TryDequeue(out var activation, out _))
        {
            if (activation.TryCollect(DeactivationReason.CapacityExceeded, long.MaxValue) is { } deactivation) started.Add(deactivation);
        }

        return started;
    }

    private void ScheduleTrim()
    {
        if (Interlocked.Exchange(ref _trimScheduled, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static runtime =>
        {
            Volatile.Write(ref runtime._trimScheduled, 0);
            runtime.TrimToCapacity();
        }, this, preferLocal: false);
    }

    private long ToTimestampTicks(TimeSpan span) => (long)(span.Ticks * (Time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    /// <summary>Sends a call that outlived its activation to the current one (created if need be).</summary>
    internal void Route(GrainId id, WorkItem item)
    {
        while (true)
        {
            var activation = _activations.GetOrAdd(id, _newActivation);
            if (activation.TryEnqueue(item)) return;
            _activations.TryRemove(new KeyValuePair<GrainId, Activation>(id, activation));
        }
    }

    internal Grain CreateGrain(GrainId id) => _registry.CreateGrain(id, _services);

    internal void ActivationStarted()
    {
        Interlocked.Increment(ref _totalActivations);
        if (Interlocked.Increment(ref _activationCount) - Volatile.Read(ref _deactivatingCount) > Options.MaxActivations) ScheduleTrim();
    }

    internal void DeactivationStarted() => Interlocked.Increment(ref _deactivatingCount);

    internal void Remove(Activation activation, bool wasDeactivating)
    {
        _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.Id, activation));
        if (wasDeactivating) Interlocked.Decrement(ref _deactivatingCount);
        Interlocked.Decrement(ref _activationCount);
        Interlocked.Increment(ref _totalDeactivations);
    }
}
