using Flux.Runtime;

namespace Flux.Runtime.Tests.Grains;

internal sealed class EchoGrainReference(GrainId id, IGrainCallDispatcher dispatcher) : GrainReference(id, dispatcher), IEchoGrain
{
    public Task<int> EchoAsync(int value) => InvokeAsync(new EchoCall(value));

    private sealed record EchoCall(int Value) : IGrainCall<IEchoGrain, int>
    {
        public bool IsReadOnly => false;
        public Task<int> InvokeAsync(IEchoGrain grain) => grain.EchoAsync(Value);
    }
}
