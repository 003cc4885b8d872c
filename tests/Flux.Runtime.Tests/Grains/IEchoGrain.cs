using Flux.Runtime;

namespace Flux.Runtime.Tests.Grains;

/// <summary>The most trivial grain: measures what the runtime itself costs.</summary>
public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> EchoAsync(int value);
}
