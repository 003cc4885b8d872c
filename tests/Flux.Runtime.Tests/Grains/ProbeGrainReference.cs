using Flux.Runtime;

namespace Flux.Runtime.Tests.Grains;

internal sealed class ProbeGrainReference(GrainId id, IGrainCallDispatcher dispatcher) : GrainReference(id, dispatcher), IProbeGrain
{
    public Task<int> WriteAsync(Task gate) => InvokeAsync(new WriteCall(gate));

    public Task<int> ReadAsync(Task gate) => InvokeAsync(new ReadCall(gate));

    public Task<int> AppendAsync(int value) => InvokeAsync(new AppendCall(value));

    public Task<int[]> GetSequenceAsync() => InvokeAsync(GetSequenceCall.Instance);

    public Task<int> GetActivationAsync() => InvokeAsync(GetActivationCall.Instance);

    public Task<int> ThrowAsync() => InvokeAsync(ThrowCall.Instance);

    public Task<int> DeactivateOnIdleAsync() => InvokeAsync(DeactivateOnIdleCall.Instance);

    public Task<int> StartTimerAsync(TimeSpan period) => InvokeAsync(new StartTimerCall(period));

    private sealed record WriteCall(Task Gate) : IGrainCall<IProbeGrain, int>
    {
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(IProbeGrain grain) => grain.WriteAsync(Gate);
    }

    private sealed record ReadCall(Task Gate) : IGrainCall<IProbeGrain, int>
    {
        public bool IsReadOnly => true;
        public Task<int> InvokeAsync(IProbeGrain grain) => grain.ReadAsync(Gate);
    }

    private sealed record AppendCall(int Value) : IGrainCall<IProbeGrain, int>
    {
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(IProbeGrain grain) => grain.AppendAsync(Value);
    }

    private sealed record GetSequenceCall : IGrainCall<IProbeGrain, int[]>
    {
        public static readonly GetSequenceCall Instance = new();
        public bool IsReadOnly => true;
        public Task<int[]> InvokeAsync(IProbeGrain grain) => grain.GetSequenceAsync();
    }

    private sealed record GetActivationCall : IGrainCall<IProbeGrain, int>
    {
        public static readonly GetActivationCall Instance = new();
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(IProbeGrain grain) => grain.GetActivationAsync();
    }

    private sealed record ThrowCall : IGrainCall<IProbeGrain, int>
    {
        public static readonly ThrowCall Instance = new();
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(IProbeGrain grain) => grain.ThrowAsync();
    }

    private sealed record DeactivateOnIdleCall : IGrainCall<IProbeGrain, int>
    {
        public static readonly DeactivateOnIdleCall Instance = new();
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(IProbeGrain grain) => grain.DeactivateOnIdleAsync();
    }

    private sealed record StartTimerCall(TimeSpan Period) : IGrainCall<IProbeGrain, int>
    {
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(IProbeGrain grain) => grain.StartTimerAsync(Period);
    }
}
