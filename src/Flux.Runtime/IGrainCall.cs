namespace Flux.Runtime;

/// <summary>
/// One call on a grain, as an immutable value: a reference builds it, a dispatcher delivers it
/// to the activation (in this process, or later over the network), and the activation runs it
/// in a turn. Read-only calls may interleave with each other, never with other calls.
/// </summary>
public interface IGrainCall<in TGrain, TResult> where TGrain : IGrain
{
    bool IsReadOnly { get; }

    Task<TResult> InvokeAsync(TGrain grain);
}
