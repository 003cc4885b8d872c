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

/// <summary>
/// Migrates the schema before anything else starts, then runs the writer. While PostgreSQL cannot be reached it
/// keeps trying with backoff, saying so in the log: a cluster's processes may start in any order.
/// </summary>
internal sealed partial class PostgresStorageStartup(PostgresDatabase database, PostgresEntityIndexWriter writer, ILogger<PostgresStorageStartup> logger)
    : IHostedService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var backoff = TimeSpan.FromMilliseconds(250); ; backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks)))
        {
            try
            {
                await PostgresMigrations.ApplyAsync(database.DataSource, cancellationToken);
                break;
            }
            catch (Exception e) when (PostgresDatabase.IsUnavailable(e, cancellationToken))
            {
                LogWaiting(e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, cancellationToken);
            }
        }
        writer.Start();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "waiting for PostgreSQL: {Reason}; trying again in {Seconds} s")]
    private partial void LogWaiting(string reason, double seconds);

    public Task StopAsync(CancellationToken cancellationToken) => writer.StopAsync(cancellationToken);
}
