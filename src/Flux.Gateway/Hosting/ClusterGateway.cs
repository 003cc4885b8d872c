using System.Globalization;
using Flux.Configuration;
using Flux.Gateway.Http;
using Flux.Gateway.Metrics;
using Flux.Storage;
using Flux.Storage.JetStream;
using Flux.Storage.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Gateway.Hosting;

/// <summary>
/// The cluster profile's gateway: a stateless Orleans client of the silos, finding them through the membership
/// table in PostgreSQL, serving the whole REST and <c>/api/ws</c> contract. Any number may run.
/// </summary>
public static class ClusterGateway
{
    public static WebApplicationBuilder AddClusterGateway(this WebApplicationBuilder builder)
    {
        if (Profiles.Select(builder.Configuration) != Profile.Cluster)
            throw new ConfigurationException(
                $"the standalone gateway serves a cluster: set {Profiles.NatsUrlVariable} and {Profiles.PostgresVariable} (for one process, run Flux.Silo)");
        builder.Services.AddPostgresStorage();
        builder.Services.AddJetStreamEventLog();
        builder.Services.AddJetStreamChangeFeed();
        builder.Services.AddSettings<FluxClusterOptions, FluxClusterOptionsValidator>();
        builder.UseOrleansClient(client =>
        {
            client.UseAdoNetClustering(membership => membership.Configure<IOptions<PostgresStorageOptions>>((options, postgres) =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = postgres.Value.ConnectionString;
            }));
            // Silos may still be starting, or all be restarting: keep trying to connect rather than give up.
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<FluxClusterOptions>>((cluster, flux) => flux.Value.ApplyTo(cluster));
        });
        builder.Services.AddFluxGateway();
        builder.Services.AddHostedService<GatewayStartup>();
        return builder;
    }

    public static string Banner(WebApplication app, TimeSpan sinceLaunch)
    {
        var cluster = app.Services.GetRequiredService<IOptions<FluxClusterOptions>>().Value;
        var api = app.Services.GetRequiredService<IOptions<Configuration.ApiOptions>>().Value;
        return string.Create(CultureInfo.InvariantCulture,
            $"Flux {FluxProcess.Version()} ready in {sinceLaunch.TotalSeconds:0.00} s: cluster gateway of '{cluster.ClusterId}', " +
            $"listening on {string.Join(", ", app.Urls)}, auth {(api.AuthEnabled ? "on" : "off")}, " +
            $"admin token {(api.AdminToken is null ? "not set" : "set")}");
    }

    /// <summary>
    /// Runs after the Orleans client has connected (hosted services start in order): seeds the event counters
    /// from the log, then opens <c>/readyz</c>.
    /// </summary>
    private sealed class GatewayStartup(IEventLog log, EventCounters counters, Readiness readiness) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            counters.Seed(await log.CountAsync(cancellationToken));
            readiness.MarkReady();
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
