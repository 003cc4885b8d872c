using Flux.Configuration;
using Flux.Connectors;
using Flux.Connectors.GitHub;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Silo.Hosting;

/// <summary>
/// Connector pollers on a silo (docs/connectors.md): the connectors that poll, their settings, and the reminders
/// that bring a poller back after a failover.
/// </summary>
public static class ConnectorHosting
{
    public static ISiloBuilder AddConnectorPollers(this ISiloBuilder silo)
    {
        silo.Services.AddSettings<ConnectorOptions, ConnectorOptionsValidator>();
        // One long-lived client; its pooled connections are renewed so a change of GitHub's addresses is picked up.
        silo.Services.AddSingleton<IConnector>(services => new GitHubConnector(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }),
            new Uri(services.GetRequiredService<IOptions<ConnectorOptions>>().Value.GitHubApiUrl)));
        // Orleans warns about reminders under a minute; a shorter recovery is a choice made in tests.
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<ConnectorOptions>>((reminders, connectors) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, connectors.Value.RecoveryPeriod.Ticks)));
        return silo;
    }
}

/// <summary>
/// Starts the poller of every stored credential once the embedded silo runs: its reminders live in memory, so after a
/// restart nothing else would. (A cluster keeps its reminders in PostgreSQL.)
/// </summary>
public sealed class ConnectorsStartup(CredentialVault vault, IGrainFactory grains) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!vault.Available)
            return;
        foreach (var (owner, connector) in await vault.ListAsync(cancellationToken))
            await grains.GetGrain<IConnectorGrain>(ConnectorKey.Of(owner, connector)).StartAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
