namespace Flux.Runtime;

/// <summary>Counters of the local grain runtime, cheap to read at any time.</summary>
public interface IGrainRuntimeStatistics
{
    /// <summary>Activations resident now (activating, valid or deactivating).</summary>
    int ActivationCount { get; }

    /// <summary>Activations started since the runtime was created.</summary>
    long TotalActivations { get; }

    /// <summary>Activations finished (deactivated or discarded after a failed activation).</summary>
    long TotalDeactivations { get; }

    /// <summary>Grain calls accepted since the runtime was created.</summary>
    long CallsTotal { get; }
}
