using Flux.Contract;
using Flux.Storage;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Flux.Grains.Tests;

/// <summary>
/// Flux's grains in an Orleans test cluster of one silo (in-memory transport, so no ports), on the real
/// embedded store in a directory. Calls go through an Orleans client, so every argument and result is
/// serialized as it would be between processes.
/// </summary>
internal sealed class GrainHarness : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;
    private readonly List<EntityChange> _changes = [];

    private GrainHarness(InProcessTestCluster cluster) => _cluster = cluster;

    public IGrainFactory Grains => _cluster.Client;

    public IEventLog Log => Silo.GetRequiredService<IEventLog>();

    public IEntityIndex Index => Silo.GetRequiredService<IEntityIndex>();

    /// <summary>Every change announced so far, in order (the store announces before an append completes).</summary>
    public IReadOnlyList<EntityChange> Changes
    {
        get
        {
            var reader = Silo.GetRequiredService<ChangeStream>().Reader;
            while (reader.TryRead(out var change))
                _changes.Add(change);
            return _changes;
        }
    }

    public ISnapshotStore Snapshots => Silo.GetRequiredService<ISnapshotStore>();

    /// <summary>The silo's services (its serializer and copier, its store).</summary>
    public IServiceProvider Silo => _cluster.GetSiloServiceProvider();

    /// <param name="configure">Adds to the silo's services after Flux's own (a later registration wins).</param>
    public static async Task<GrainHarness> StartAsync(string dataDirectory, Action<IServiceCollection>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddFluxGrains();
            silo.Services.AddEmbeddedStorage(dataDirectory);
            configure?.Invoke(silo.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainHarness(cluster);
    }

    /// <summary>Deactivates the grain as idle collection would; its next call activates it afresh.</summary>
    public Task DeactivateAsync(IAddressable grain) => _cluster.DeactivateAsync(grain);

    /// <summary>Stops the silo gracefully (every grain deactivated), then the store.</summary>
    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
