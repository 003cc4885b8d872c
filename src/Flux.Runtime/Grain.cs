using Flux.Runtime.Internal;

namespace Flux.Runtime;

/// <summary>
/// Base class of grain implementations, shaped like Orleans' <c>Grain</c>. Dependencies come through the
/// constructor; the runtime attaches the activation before <see cref="OnActivateAsync"/> runs, so the
/// members below are usable from there on (not in the constructor).
/// </summary>
public abstract class Grain
{
    // The only per-grain field the runtime adds: everything else is reached through the activation.
    private Activation? _activation;

    public GrainId GrainId => Activation.Id;

    protected string Key => Activation.Id.Key;

    protected IGrainFactory GrainFactory => Activation.Runtime.Factory;

    internal Activation Activation =>
        _activation ?? throw new InvalidOperationException("The grain is not attached to an activation yet; use OnActivateAsync rather than the constructor.");

    internal void Attach(Activation activation) => _activation = activation;

    /// <summary>Runs once before the first call; a throw fails that call and discards the activation.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once after the last turn; the place to write a snapshot.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends; later calls get a fresh one.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation();

    /// <summary>
    /// Starts a timer whose ticks run as turns through this activation's mailbox (never overlapping a call
    /// or another tick; a tick due while the previous one still runs is skipped). Disposed on deactivation.
    /// </summary>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, dueTime, period);
}
