namespace Flux.Runtime.Internal;

/// <summary>
/// A decided deactivation. Allocated only when one is decided, so an idle activation pays one null field.
/// </summary>
internal sealed class DeactivationPlan(DeactivationReason reason, int drain)
{
    public DeactivationReason Reason { get; } = reason;

    /// <summary>Queued turns still to run before deactivating (calls accepted before shutdown began).</summary>
    public int Drain { get; set; } = drain;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
