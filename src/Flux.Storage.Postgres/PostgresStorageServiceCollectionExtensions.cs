using Flux.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Storage.Postgres;

public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the cluster profile's PostgreSQL (<see cref="PostgresStorageOptions"/>, FLUX_POSTGRES, validated at
    /// start-up) as the snapshot store, entity index, namespace store and write-behind index writer. The host's start
    /// applies the migrations (<see cref="PostgresMigrations"/>, including Orleans' clustering tables) and starts the
    /// writer; its stop flushes the writer. Register it before Orleans, so the tables exist when the silo joins.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddSettings<PostgresStorageOptions, PostgresStorageOptionsValidator>();
        services.AddSingleton(provider => new PostgresDatabase(provider.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.ConnectionString));
        services.AddSingleton<ISnapshotStore, PostgresSnapshotStore>();
        services.AddSingleton<IEntityIndex, PostgresEntityIndex>();
        services.AddSingleton<INamespaceStore, PostgresNamespaceStore>();
        services.AddSingleton(provider => new PostgresEntityIndexWriter(
            provider.GetRequiredService<PostgresDatabase>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<PostgresEntityIndexWriter>>()));
        services.AddSingleton<IEntityIndexWriter>(provider => provider.GetRequiredService<PostgresEntityIndexWriter>());
        services.AddHostedService<PostgresStorageStartup>();
        return services;
    }
}

/// <summary>Migrates the schema before anything else starts (a database that cannot be reached fails the start), then runs the writer.</summary>
internal sealed class PostgresStorageStartup(PostgresDatabase database, PostgresEntityIndexWriter writer) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PostgresMigrations.ApplyAsync(database.DataSource, cancellationToken);
        writer.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => writer.StopAsync(cancellationToken);
}
