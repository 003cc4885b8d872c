namespace Flux.Runtime.Internal;

/// <summary>
/// A turn waiting in an activation's mailbox: a queued call or a timer tick. Only calls that could not
/// run at once become work items; an uncontended call runs on the caller's thread without one.
/// </summary>
internal abstract class WorkItem : IThreadPoolWorkItem
{
    public abstract bool IsReadOnly { get; }

    /// <summary>The activation that started this turn; set under its lock before the turn is queued to run.</summary>
    public Activation? Owner { get; set; }

    /// <summary>True when nobody waits for this turn any more (its caller cancelled).</summary>
    public abstract bool IsAbandoned { get; }

    /// <summary>Runs the turn on the activation that dequeued it; must end the turn exactly once.</summary>
    public abstract void Execute();

    /// <summary>The activation went away before this turn ran: send it on to a fresh one, or drop it.</summary>
    public abstract void Forward(GrainRuntime runtime, GrainId id);

    /// <summary>The activation could not be activated: the waiting caller gets the failure.</summary>
    public abstract void Fail(Exception exception);
}
