using Microsoft.Extensions.Hosting;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Opens (and migrates) the database when the host starts: the host constructs its hosted services
/// before starting them, and constructing this one resolves the storage.
/// </summary>
internal sealed class EmbeddedStorageStartup(EmbeddedStorage storage) : IHostedService
{
    public EmbeddedStorage Storage { get; } = storage;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
