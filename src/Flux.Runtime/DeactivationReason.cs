namespace Flux.Runtime;

/// <summary>Why an activation is being deactivated; passed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public enum DeactivationReason
{
    /// <summary>The activation was idle longer than <see cref="GrainRuntimeOptions.IdleTimeout"/>.</summary>
    IdleCollected,

    /// <summary>More than <see cref="GrainRuntimeOptions.MaxActivations"/> were resident; this one was least recently used.</summary>
    CapacityExceeded,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle</c>.</summary>
    Requested,

    /// <summary>The host is stopping.</summary>
    ShuttingDown,

    /// <summary><see cref="Grain.OnActivateAsync"/> failed; the activation is discarded.</summary>
    ActivationFailed,
}
