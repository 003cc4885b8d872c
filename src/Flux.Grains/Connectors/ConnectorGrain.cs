using Flux.Grains.Interfaces;

namespace Flux.Grains;

/// <summary>The poller of one connector for one owner (<see cref="IConnectorGrain"/>).</summary>
[GrainType("connector")]
public sealed class ConnectorGrain : Grain, IConnectorGrain
{
    private ConnectorStatus _status = new(null, null, false);

    public Task StartAsync() => Task.CompletedTask;

    public Task StopAsync()
    {
        _status = new ConnectorStatus(null, null, false);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<ConnectorStatus> GetStatusAsync() => Task.FromResult(_status);
}
