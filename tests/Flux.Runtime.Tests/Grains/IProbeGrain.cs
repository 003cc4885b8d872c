using Flux.Runtime;

namespace Flux.Runtime.Tests.Grains;

/// <summary>A grain that records its turns so tests can see overlap, order and lifecycle.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>A writing turn that holds until <paramref name="gate"/> completes; returns the activation number.</summary>
    Task<int> WriteAsync(Task gate);

    /// <summary>A read-only turn that holds until <paramref name="gate"/> completes.</summary>
    Task<int> ReadAsync(Task gate);

    /// <summary>Appends to the grain's sequence across an await.</summary>
    Task<int> AppendAsync(int value);

    Task<int[]> GetSequenceAsync();

    /// <summary>Completes synchronously with the activation number (the hot path).</summary>
    Task<int> GetActivationAsync();

    Task<int> ThrowAsync();

    Task<int> DeactivateOnIdleAsync();

    Task<int> StartTimerAsync(TimeSpan period);
}
