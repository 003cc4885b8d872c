namespace Flux.Runtime.Internal;

/// <summary>
/// One grain activation and its mailbox. See <see cref="GrainRuntime"/> for the design; in short: the
/// activation's own monitor guards a handful of fields, an uncontended call runs on the caller's thread,
/// and only calls that must wait become <see cref="WorkItem"/>s in a queue that exists while it is needed.
/// </summary>
internal sealed class Activation(GrainRuntime runtime, GrainId id)
{
    private const int Created = 0, Activating = 1, Valid = 2, Deactivating = 3, Dead = 4;

    private Grain? _grain;
    private Queue<WorkItem>? _queue;
    private List<GrainTimer>? _timers;
    private DeactivationPlan? _deactivation;
    private long _lastUsed;
    private int _state;
    private int _readers;
    private bool _writer;

    public GrainId Id { get; } = id;

    public GrainRuntime Runtime { get; } = runtime;

    public Grain Grain => _grain!;

    /// <summary>Timestamp (of the runtime's TimeProvider) of the end of the last call.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    /// <summary>Unlocked hint for the collector; the decision is re-checked under the lock.</summary>
    public bool LooksIdle => Volatile.Read(ref _state) == Valid && _deactivation is null && !_writer && _readers == 0;

    /// <summary>Runs or queues the call; null when this activation is gone and the caller must look again.</summary>
    public Task<TResult>? TryInvoke<TGrain, TResult>(IGrainCall<TGrain, TResult> call, CancellationToken cancellationToken)
        where TGrain : IGrain
    {
        var readOnly = call.IsReadOnly;
        CallWorkItem<TGrain, TResult> item;
        var activate = false;
        lock (this)
        {
            if (CanStartNow(readOnly))
            {
                if (readOnly) _readers++; else _writer = true;
                item = null!;
            }
            else
            {
                if (_state == Dead) return null;
                item = new CallWorkItem<TGrain, TResult>(call, cancellationToken);
                (_queue ??= new Queue<WorkItem>()).Enqueue(item);
                activate = MarkActivating();
            }
        }

        if (item is null) return RunOnCallerThread(call, readOnly);
        if (activate) _ = ActivateAsync();
        return item.Task;
    }

    /// <summary>Accepts a call forwarded from an activation that went away; false when this one is gone too.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        var activate = false;
        lock (this)
        {
            if (_state == Dead) return false;
            if (CanStartNow(item.IsReadOnly)) StartLocked(item);
            else
            {
                (_queue ??= new Queue<WorkItem>()).Enqueue(item);
                activate = MarkActivating();
            }
        }

        if (activate) _ = ActivateAsync();
        return true;
    }

    private Task<TResult> RunOnCallerThread<TGrain, TResult>(IGrainCall<TGrain, TResult> call, bool readOnly) where TGrain : IGrain
    {
        Task<TResult> task;
        try
        {
            task = call.InvokeAsync((TGrain)(object)_grain!);
        }
        catch (Exception exception)
        {
            task = Task.FromException<TResult>(exception);
        }

        if (!task.IsCompleted) return AwaitTurnAsync(task, readOnly);
        EndTurn(readOnly, touch: true);
        return task;
    }

    private async Task<TResult> AwaitTurnAsync<TResult>(Task<TResult> task, bool readOnly)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        finally
        {
            EndTurn(readOnly, touch: true);
        }
    }

    /// <summary>Ends a call's turn and starts whatever may run next.</summary>
    public void EndTurn(bool readOnly, bool touch)
    {
        bool deactivate;
        lock (this)
        {
            if (readOnly) _readers--; else _writer = false;
            if (touch) _lastUsed = Runtime.Now;
            deactivate = PumpLocked();
        }

        if (deactivate) BeginDeactivation();
    }

    public void EndTick(GrainTimer timer)
    {
        bool deactivate;
        lock (this)
        {
            timer.IsPending = false;
            _writer = false;
            deactivate = PumpLocked();
        }

        if (deactivate) BeginDeactivation();
    }

    private bool CanStartNow(bool readOnly) =>
        _state == Valid && _deactivation is null && !_writer && (readOnly || _readers == 0) && (_queue is null || _queue.Count == 0);

    private bool MarkActivating()
    {
        if (_state != Created) return false;
        _state = Activating;
        return true;
    }

    private void StartLocked(WorkItem item)
    {
        if (item.IsReadOnly) _readers++; else _writer = true;
        item.Owner = this;
        ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    /// <summary>
    /// Starts the next queued turns: one writer, or a run of readers at the head of the queue (FIFO, so a
    /// waiting writer is never overtaken). Returns true when a decided deactivation may begin now.
    /// </summary>
    private bool PumpLocked()
    {
        if (_state != Valid) return false;
        var plan = _deactivation;
        while (_queue is { Count: > 0 } queue && (plan is null || plan.Drain > 0))
        {
            var next = queue.Peek();
            if (!next.IsAbandoned)
            {
                if (_writer || (!next.IsReadOnly && _readers > 0)) break;
                StartLocked(next);
            }

            queue.Dequeue();
            if (plan is not null) plan.Drain--;
            if (_writer) break;
        }

        if (_writer || _readers > 0) return false;
        if (_queue is { Count: 0 }) _queue = null; // an idle activation keeps no queue
        if (plan is null || (plan.Drain > 0 && _queue is not null)) return false;
        _state = Deactivating;
        Runtime.DeactivationStarted();
        return true;
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, dueTime, period, Runtime.Time);
        lock (this)
        {
            if (_state is Activating or Valid)
            {
                (_timers ??= []).Add(timer);
                return timer;
            }
        }

        timer.Dispose();
        return timer;
    }

    public void EnqueueTick(GrainTimer timer)
    {
        lock (this)
        {
            if (_state is not (Activating or Valid) || _deactivation is not null || timer.IsPending) return;
            timer.IsPending = true;
            if (CanStartNow(readOnly: false)) StartLocked(timer);
            else (_queue ??= new Queue<WorkItem>()).Enqueue(timer);
        }
    }

    public void Forget(GrainTimer timer)
    {
        lock (this) _timers?.Remove(timer);
    }

    /// <summary>Asks for deactivation once the running turn ends (Orleans' DeactivateOnIdle).</summary>
    public void RequestDeactivation()
    {
        bool deactivate;
        lock (this)
        {
            if (_deactivation is not null || _state is not (Activating or Valid)) return;
            _deactivation = new DeactivationPlan(DeactivationReason.Requested, drain: 0);
            deactivate = PumpLocked();
        }

        if (deactivate) BeginDeactivation();
    }

    /// <summary>Deactivates if nothing ran since <paramref name="usedBefore"/> and nothing runs now; else null.</summary>
    public Task? TryCollect(DeactivationReason reason, long usedBefore)
    {
        DeactivationPlan plan;
        lock (this)
        {
            if (_state != Valid || _deactivation is not null || _writer || _readers > 0 || _queue is { Count: > 0 } || _lastUsed > usedBefore)
            {
                return null;
            }

            plan = _deactivation = new DeactivationPlan(reason, drain: 0);
            _state = Deactivating;
            Runtime.DeactivationStarted();
        }

        BeginDeactivation();
        return plan.Completion.Task;
    }

    /// <summary>Deactivates after the running and already queued calls; completes when the activation is gone.</summary>
    public Task DeactivateForShutdown()
    {
        DeactivationPlan plan;
        bool deactivate;
        lock (this)
        {
            if (_deactivation is { } decided) return decided.Completion.Task;
            if (_state is Created or Dead) return Task.CompletedTask;
            plan = _deactivation = new DeactivationPlan(DeactivationReason.ShuttingDown, _queue?.Count ?? 0);
            deactivate = PumpLocked();
        }

        if (deactivate) BeginDeactivation();
        return plan.Completion.Task;
    }

    private async Task ActivateAsync()
    {
        Runtime.ActivationStarted();
        try
        {
            var grain = Runtime.CreateGrain(Id);
            grain.Attach(this);
            _grain = grain;
            using var timeout = new CancellationTokenSource(Runtime.Options.ActivationTimeout, Runtime.Time);
            await grain.OnActivateAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Runtime.Logger.ActivationFailed(Id, exception);
            Discard(exception);
            return;
        }

        bool deactivate;
        lock (this)
        {
            _state = Valid;
            _lastUsed = Runtime.Now;
            deactivate = PumpLocked();
        }

        if (deactivate) BeginDeactivation();
    }

    private void Discard(Exception exception)
    {
        Queue<WorkItem>? queue;
        List<GrainTimer>? timers;
        DeactivationPlan? plan;
        lock (this)
        {
            _state = Dead;
            (queue, _queue) = (_queue, null);
            (timers, _timers) = (_timers, null);
            plan = _deactivation;
        }

        DisposeAll(timers);
        Runtime.Remove(this, wasDeactivating: false);
        if (queue is not null)
        {
            foreach (var item in queue) item.Fail(exception);
        }

        plan?.Completion.TrySetResult();
    }

    private void BeginDeactivation() => _ = Task.Run(DeactivateAsync);

    private async Task DeactivateAsync()
    {
        var plan = _deactivation!;
        List<GrainTimer>? timers;
        lock (this) (timers, _timers) = (_timers, null);
        DisposeAll(timers);

        try
        {
            using var timeout = new CancellationTokenSource(Runtime.Options.DeactivationTimeout, Runtime.Time);
            await _grain!.OnDeactivateAsync(plan.Reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Runtime.Logger.DeactivationFailed(Id, plan.Reason, exception);
        }

        Queue<WorkItem>? queue;
        lock (this)
        {
            _state = Dead;
            (queue, _queue) = (_queue, null);
        }

        // Removed before forwarding, so the waiting calls find (and create) a fresh activation.
        Runtime.Remove(this, wasDeactivating: true);
        Runtime.Logger.Deactivated(Id, plan.Reason);
        if (queue is not null)
        {
            foreach (var item in queue) item.Forward(Runtime, Id);
        }

        plan.Completion.TrySetResult();
    }

    private static void DisposeAll(List<GrainTimer>? timers)
    {
        if (timers is null) return;
        foreach (var timer in timers.ToArray()) timer.Dispose();
    }
}
