using Flux.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Storage.Postgres;

public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the cluster profile's PostgreSQL (<see cref="PostgresStorageOptions"/>, FLUX_POSTGRES, validated at
    /// start-up) as the snapshot store, entity index, namespace store, credential store (and its vault) and write-behind index writer. The host's start
    /// applies the migrations (<see cref="PostgresMigrations"/>, including Orleans' clustering tables) and starts the
    /// writer; its stop flushes the writer. Register it before Orleans, so the tables exist when the silo joins.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddSettings<PostgresStorageOptions, PostgresStorageOptionsValidator>();
        services.TryAddSingleton<Dependencies>();
        services.AddSingleton(provider => new PostgresDatabase(provider.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.ConnectionString));
        services.AddSingleton<ISnapshotStore, PostgresSnapshotStore>();
        services.AddSingleton<IEntityIndex, PostgresEntityIndex>();
        services.AddSingleton<INamespaceStore, PostgresNamespaceStore>();
        services.AddSingleton<ICredentialStore>(provider => new PostgresCredentialStore(
            provider.GetRequiredService<PostgresDatabase>(), provider.GetService<TimeProvider>()));
        services.AddCredentialVault();
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
/// keeps trying with backoff, saying so in the log and in <see cref="Dependencies"/> (<c>/readyz</c>): a cluster's
/// processes may start in any order. Once started it probes PostgreSQL every <see cref="ProbeInterval"/>, so
/// <c>/readyz</c> names it while it is down and turns ready when it returns.
/// </summary>
internal sealed partial class PostgresStorageStartup(PostgresDatabase database, PostgresEntityIndexWriter writer, Dependencies dependencies,
    ILogger<PostgresStorageStartup> logger) : IHostedService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _probe = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        dependencies.Expect(Dependencies.Postgres);
        for (var backoff = TimeSpan.FromMilliseconds(250); ; backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks)))
        {
            try
            {
                await PostgresMigrations.ApplyAsync(database.DataSource, cancellationToken);
                break;
            }
            catch (Exception e) when (PostgresDatabase.IsUnavailable(e, cancellationToken))
            {
                dependencies.Unreachable(Dependencies.Postgres, e.Message);
                LogWaiting(e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, cancellationToken);
            }
        }
        dependencies.Reached(Dependencies.Postgres);
        writer.Start();
        _probe = ProbeAsync(_stopping.Token);
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ProbeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await database.RunAsync(async (connection, ct) =>
                    {
                        await using var command = new Npgsql.NpgsqlCommand("SELECT 1", connection);
                        return await command.ExecuteScalarAsync(ct);
                    }, stoppingToken);
                    dependencies.Reached(Dependencies.Postgres);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    dependencies.Unreachable(Dependencies.Postgres, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "waiting for PostgreSQL: {Reason}; trying again in {Seconds} s")]
    private partial void LogWaiting(string reason, double seconds);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _probe;
        await writer.StopAsync(cancellationToken);
    }
}
