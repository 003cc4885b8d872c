using Microsoft.Extensions.Logging;

namespace Flux.Runtime.Internal;

/// <summary>
/// A grain timer. Each tick is the timer itself entering the mailbox as a non-read-only turn, so a tick
/// never overlaps a call and costs no allocation; a tick that comes due while the last one is still
/// queued or running is skipped rather than piled up.
/// </summary>
internal sealed class GrainTimer : WorkItem, IDisposable
{
    private readonly Activation _owner;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;

    public GrainTimer(Activation owner, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, TimeProvider time)
    {
        _owner = owner;
        _callback = callback;
        _timer = time.CreateTimer(static state => ((GrainTimer)state!).Tick(), this, dueTime, period);
    }

    /// <summary>Queued or running; guarded by the owner's lock.</summary>
    public bool IsPending { get; set; }

    public override bool IsReadOnly => false;

    public override bool IsAbandoned => _disposed.IsCancellationRequested;

    private void Tick()
    {
        if (!_disposed.IsCancellationRequested) _owner.EnqueueTick(this);
    }

    public override void Execute() => _ = RunAsync();

    private async Task RunAsync()
    {
        try
        {
            if (!IsAbandoned) await _callback(_disposed.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A failed tick is logged and the timer keeps going; after disposal the grain is going away.
            if (!_disposed.IsCancellationRequested) _owner.Runtime.Logger.TimerTickFailed(_owner.Id, exception);
        }
        finally
        {
            _owner.EndTick(this);
        }
    }

    // A tick belongs to the activation that registered the timer; a fresh activation registers its own.
    public override void Forward(GrainRuntime runtime, GrainId id) { }

    public override void Fail(Exception exception) { }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _timer.Dispose();
        _disposed.Cancel();
        _owner.Forget(this);
    }
}
