using System.Diagnostics.Metrics;
using Flux.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Storage.Sqlite;

public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded profile (one SQLite file under <paramref name="dataDirectory"/>) as the
    /// event log, snapshot store, entity index, namespace store, credential store (and its vault) and change stream. The database is opened and migrated
    /// at host start-up, so a broken data directory fails the start rather than the first request.
    /// The log is kept forever; see the overload with a <see cref="RetentionPolicy"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services, string dataDirectory) =>
        services.AddStores(_ => dataDirectory);

    /// <summary>
    /// As <see cref="AddEmbeddedStorage(IServiceCollection, string, RetentionPolicy)"/>, with the directory and
    /// retention from configuration (<see cref="EmbeddedStorageOptions"/>, <see cref="RetentionOptions"/>), validated at start-up.
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services)
    {
        services.AddSettings<EmbeddedStorageOptions, EmbeddedStorageOptionsValidator>();
        services.AddSettings<RetentionOptions, RetentionOptionsValidator>();
        services.AddStores(provider => provider.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value.DataDirectory);
        return services.AddRetention(provider => provider.GetRequiredService<IOptions<RetentionOptions>>().Value.Policy);
    }

    private static IServiceCollection AddStores(this IServiceCollection services, Func<IServiceProvider, string> dataDirectory)
    {
        services.AddSingleton(provider => Open(dataDirectory(provider), provider));
        services.AddSingleton<IEventLog>(provider => provider.GetRequiredService<EmbeddedStorage>().Log);
        services.AddSingleton<ISnapshotStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Snapshots);
        services.AddSingleton<IEntityIndex>(provider => provider.GetRequiredService<EmbeddedStorage>().Index);
        services.AddSingleton<INamespaceStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Namespaces);
        services.AddSingleton<ICredentialStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Credentials);
        services.AddCredentialVault();
        services.AddSingleton(provider => provider.GetRequiredService<EmbeddedStorage>().Changes);
        services.AddHostedService<EmbeddedStorageStartup>();
        return services;
    }

    /// <summary>A directory or database that cannot be used fails start-up with a message naming the directory.</summary>
    private static EmbeddedStorage Open(string dataDirectory, IServiceProvider provider)
    {
        try
        {
            return new EmbeddedStorage(
                dataDirectory,
                provider.GetService<TimeProvider>(),
                provider.GetService<ILogger<EmbeddedStorage>>(),
                provider.GetService<IMeterFactory>());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new InvalidOperationException($"the data directory {Path.GetFullPath(dataDirectory)} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>
    /// As <see cref="AddEmbeddedStorage(IServiceCollection, string)"/>, and prunes the log by
    /// <paramref name="retention"/> (docs/api.md §14 FLUX_EVENT_RETENTION_DAYS / _BYTES) at start-up and every
    /// ten minutes. Entity state does not depend on the pruned events.
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services, string dataDirectory, RetentionPolicy retention) =>
        services.AddStores(_ => dataDirectory).AddRetention(_ => retention);

    private static IServiceCollection AddRetention(this IServiceCollection services, Func<IServiceProvider, RetentionPolicy> retention)
    {
        services.AddHostedService(provider => new EventRetentionService(
            provider.GetRequiredService<EmbeddedStorage>(),
            retention(provider),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetRequiredService<ILogger<EventRetentionService>>()));
        return services;
    }
}
