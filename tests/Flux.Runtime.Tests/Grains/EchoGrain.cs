using Flux.Runtime;

namespace Flux.Runtime.Tests.Grains;

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<int> EchoAsync(int value) => Task.FromResult(value);
}
