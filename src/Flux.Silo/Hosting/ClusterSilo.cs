using System.Globalization;
using System.Net;
using Flux.Configuration;
using Flux.Gateway;
using Flux.Gateway.Configuration;
using Flux.Gateway.Hosting;
using Flux.Gateway.Http;
using Flux.Gateway.Metrics;
using Flux.Grains;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Flux.Storage.JetStream;
using Flux.Storage.Postgres;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Flux.Silo.Hosting;

/// <summary>
/// The cluster profile's silo: one of several, finding the others through Orleans' ADO.NET membership table in
/// PostgreSQL (FLUX_POSTGRES), holding entity and namespace grains whose log is the JetStream stream.
/// </summary>
public static class ClusterSilo
{
    /// <summary>The cluster silo process: storage, the silo, health endpoints and its own metrics (no API: gateways serve it).</summary>
    public static WebApplicationBuilder AddClusterSilo(this WebApplicationBuilder builder)
    {
        // Every service starts at once, so the health endpoints listen while PostgreSQL, NATS or the cluster are still
        // awaited, and /readyz says which (docs/api.md §6.11). The silo joins only once PostgreSQL is migrated (WaitForSchema).
        builder.Services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);
        builder.Services.AddSingleton<Dependencies>();
        builder.Services.AddPostgresStorage();
        builder.Services.AddJetStreamEventLog();
        builder.Services.AddChangeRelay();
        builder.UseOrleans(silo => silo.UseClusterSilo());
        builder.Services.AddSettings<ApiOptions, ApiOptionsValidator>(); // PORT, where the health endpoints listen
        // Connectors publish from silos at the cluster's rate limit, which a PUT /api/admin/config on any gateway changes.
        builder.Services.AddSettings<RuntimeLimits, RuntimeLimitsValidator>();
        builder.Services.AddSingleton<RuntimeLimitsStore>();
        builder.Services.AddHostedService<RuntimeLimitsSync>();
        builder.Services.AddOAuthTokenEndpoint(); // pollers renew OAuth access tokens before they expire
        builder.Services.AddSingleton<IWritePolicy, WritePolicy>();
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService<ReadyOnceStarted>();
        builder.Services.AddSingleton<FluxGrains>();
        builder.Services.AddHostedService<DirectoryRefresher>();
        // What the silo's connectors publish counts in the cluster's figures like a gateway's publishes.
        builder.Services.AddSettings<MetricsOptions, MetricsOptionsValidator>();
        builder.Services.AddSingleton<EventCounters>();
        builder.Services.AddSingleton<IAcceptedEventCounter>(provider => provider.GetRequiredService<EventCounters>());
        builder.Services.AddHostedService<SiloActivityReporter>();
        builder.AddFluxTelemetry("flux-silo");
        return builder;
    }

    public static string Banner(WebApplication app, TimeSpan sinceLaunch)
    {
        var cluster = app.Services.GetRequiredService<IOptions<FluxClusterOptions>>().Value;
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        return string.Create(CultureInfo.InvariantCulture,
            $"Flux {FluxProcess.Version()} ready in {sinceLaunch.TotalSeconds:0.00} s: cluster silo of '{cluster.ClusterId}', silo port " +
            $"{endpoints.AdvertisedIPAddress}:{endpoints.SiloPort}, gateway port {endpoints.GatewayPort}, health on {string.Join(", ", app.Urls)}");
    }

    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    /// <summary>What <c>/readyz</c> names until the silo has joined the cluster.</summary>
    public const string Membership = "cluster membership";

    /// <summary>Opens <c>/readyz</c> once every service has started, the silo's joining the cluster included.</summary>
    private sealed class ReadyOnceStarted(Readiness readiness, Dependencies dependencies, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            dependencies.Expect(Membership, "joining the cluster");
            lifetime.ApplicationStarted.Register(() =>
            {
                dependencies.Reached(Membership);
                readiness.MarkReady();
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Holds the silo's start until PostgreSQL is migrated (<see cref="PostgresStorageServiceCollectionExtensions.AddPostgresStorage"/>'s start-up keeps trying), since
    /// joining reads and writes the membership table there.
    /// </summary>
    private sealed class WaitForSchema(Dependencies dependencies) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(WaitForSchema), ServiceLifecycleStage.First,
                cancellationToken => dependencies.WhenFirstReachedAsync(Dependencies.Postgres, cancellationToken));
    }

    public static ISiloBuilder UseClusterSilo(this ISiloBuilder silo)
    {
        silo.Services.AddSettings<FluxClusterOptions, FluxClusterOptionsValidator>();
        silo.Services.AddSettings<SiloEndpointOptions, SiloEndpointOptionsValidator>();
        silo.UseAdoNetClustering(membership => membership.Configure<IOptions<PostgresStorageOptions>>((options, postgres) =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = postgres.Value.ConnectionString;
        }));
        // Connector pollers' reminders (a poller comes back on another silo after a failover) in PostgreSQL.
        silo.UseAdoNetReminderService(reminders => reminders.Configure<IOptions<PostgresStorageOptions>>((options, postgres) =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = postgres.Value.ConnectionString;
        }));
        silo.AddConnectorPollers();
        silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<FluxClusterOptions>>((cluster, flux) => flux.Value.ApplyTo(cluster));
        silo.Services.AddSettings<FailureDetectionOptions, FailureDetectionOptionsValidator>();
        silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<FailureDetectionOptions>>((membership, detection) => detection.Value.ApplyTo(membership));
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloEndpointOptions>>((endpoints, node) =>
        {
            var address = IPAddress.Parse(node.Value.AdvertisedAddress);
            endpoints.AdvertisedIPAddress = address;
            using var free = new FreePorts(address);
            endpoints.SiloPort = node.Value.SiloPort is 0 ? free.Next() : node.Value.SiloPort;
            endpoints.GatewayPort = node.Value.GatewayPort is 0 ? free.Next() : node.Value.GatewayPort;
        });
        // In a Kubernetes pod (where the API server's address is always in the environment) Orleans' Kubernetes
        // hosting takes the pod's name and IP and declares dead the silos whose pods are gone, without waiting for
        // probes (deploy/kubernetes/silo.yaml gives it what it needs). Anywhere else it would wait for an API server.
        if (!string.IsNullOrEmpty(silo.Configuration[KubernetesServiceHost]))
            silo.UseKubernetesHosting();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WaitForSchema>();
        silo.AddIncomingGrainCallFilter<StallGuard>();
        if (Telemetry.Traces(silo.Configuration))
            silo.AddActivityPropagation();
        silo.Services.AddFluxGrains();
        silo.AddGrainCollection();
        // The dashboard's grains gather every silo's figures for the dashboard that gateways serve.
        silo.AddDashboard();
        return silo;
    }
}
