using System.Globalization;
using Flux.Configuration;
using Flux.Gateway.Configuration;
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
using Orleans.Dashboard;

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
        // Every service starts at once, so the API and /readyz listen while PostgreSQL, NATS or the silos are still
        // awaited: requests get a fast 503 naming what is awaited (StartupGate), never a refused connection or a hang.
        builder.Services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);
        builder.Services.AddSingleton<Dependencies>();
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
            // Silos may still be starting, or all be restarting: keep trying to connect rather than give up, often
            // enough that a gateway started beside its silos is ready soon after they are.
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                return true;
            });
            // A call in flight to a silo that dies gets no answer; Orleans' default would hold it 30 s. The longest
            // call that can still succeed is an activation waiting for PostgreSQL (PostgresDatabase.QueueTimeout).
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = GrainCallTimeout);
            // A silo that hangs (a stalled node, SIGSTOP) keeps its connections open, so only the membership table tells
            // the client it is dead; Orleans rereads it every minute, and until then sends requests there to time out.
            client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
            client.Services.AddSingleton<IClusterConnectionStatusObserver, SiloConnection>();
            // The dashboard this gateway serves reads the silos' dashboard grains (ClusterSilo adds them).
            client.AddDashboard();
            if (Telemetry.Traces(client.Configuration))
                client.AddActivityPropagation();
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<FluxClusterOptions>>((cluster, flux) => flux.Value.ApplyTo(cluster));
        });
        builder.Services.AddSingleton<ClusterMetrics>();
        builder.Services.AddSingleton<IMetricsSource>(provider => provider.GetRequiredService<ClusterMetrics>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ClusterMetrics>());
        builder.Services.AddHostedService<RuntimeLimitsSync>(); // a change made through another gateway applies here too
        builder.Services.AddFluxGateway();
        builder.AddFluxTelemetry("flux-gateway");
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

    /// <summary>How long a grain call may take before the request answers 503 (a retryable timeout).</summary>
    public static readonly TimeSpan GrainCallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often the gateway rereads which silos are alive: as often as silos reread the membership table.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(2);

    /// <summary>What <c>/readyz</c> names while the gateway reaches no silo.</summary>
    public const string Silos = "the cluster's silos";

    /// <summary>Opens <c>/readyz</c> and the API once every service has started, the Orleans client's connecting included.</summary>
    private sealed class GatewayStartup(Readiness readiness, Dependencies dependencies, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            dependencies.Expect(Silos, "connecting");
            lifetime.ApplicationStarted.Register(() =>
            {
                dependencies.Reached(Silos);
                readiness.MarkReady();
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Orleans tells the client when it has no silo left to talk to, and when one is back.</summary>
    private sealed class SiloConnection(Dependencies dependencies) : IClusterConnectionStatusObserver
    {
        public void NotifyClusterConnectionLost() => dependencies.Unreachable(Silos, "connection to the cluster lost");

        public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
        {
            if (currentNumberOfGateways > 0)
                dependencies.Reached(Silos);
            else
                dependencies.Unreachable(Silos, "no silo answers");
        }
    }
}
