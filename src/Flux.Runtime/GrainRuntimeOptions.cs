namespace Flux.Runtime;

/// <summary>Limits and timings of the grain runtime. Defaults live here and only here.</summary>
public sealed record GrainRuntimeOptions
{
    /// <summary>An activation that served no call for this long is deactivated by the collector.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most activations resident at once; beyond it the least recently used idle ones go.</summary>
    public int MaxActivations { get; set; } = 100_000;

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cancels the token given to <see cref="Grain.OnActivateAsync"/> after this long.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cancels the token given to <see cref="Grain.OnDeactivateAsync"/> after this long.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lists what is wrong with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (IdleTimeout <= TimeSpan.Zero) errors.Add($"{nameof(IdleTimeout)} must be positive (was {IdleTimeout}).");
        if (MaxActivations < 1) errors.Add($"{nameof(MaxActivations)} must be at least 1 (was {MaxActivations}).");
        if (CollectionInterval <= TimeSpan.Zero) errors.Add($"{nameof(CollectionInterval)} must be positive (was {CollectionInterval}).");
        if (ActivationTimeout <= TimeSpan.Zero) errors.Add($"{nameof(ActivationTimeout)} must be positive (was {ActivationTimeout}).");
        if (DeactivationTimeout <= TimeSpan.Zero) errors.Add($"{nameof(DeactivationTimeout)} must be positive (was {DeactivationTimeout}).");
        return errors;
    }
}
