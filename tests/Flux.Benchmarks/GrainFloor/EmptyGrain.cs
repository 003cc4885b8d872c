namespace Flux.Benchmarks.GrainFloor;

/// <summary>A grain whose call does nothing, so a call to it costs only what Orleans adds.</summary>
public interface IEmptyGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task Ping() => Task.CompletedTask;
}
