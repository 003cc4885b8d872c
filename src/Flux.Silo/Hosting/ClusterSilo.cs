using System.Globalization;
using System.Net;
using Flux.Configuration;
using Flux.Gateway.Configuration;
using Flux.Gateway.Hosting;
using Flux.Gateway.Http;
using Flux.Grains;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Flux.Storage.JetStream;
using Flux.Storage.Postgres;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Silo.Hosting;

/// <summary>
/// The cluster profile's silo: one of several, finding the others through Orleans' ADO.NET membership table in
/// PostgreSQL (FLUX_POSTGRES), holding entity and namespace grains whose log is the JetStream stream.
/// </summary>
public static class ClusterSilo
{
    /// <summary>The cluster silo process: storage, the silo, and health endpoints (no API: gateways serve it).</summary>
    public static WebApplicationBuilder AddClusterSilo(this WebApplicationBuilder builder)
    {
        // Registered before the silo, so the schema (the membership table included) exists before the silo joins.
        builder.Services.AddPostgresStorage();
        builder.Services.AddJetStreamEventLog();
        builder.Services.AddChangeRelay();
        builder.UseOrleans(silo => silo.UseClusterSilo());
        builder.Services.AddSettings<ApiOptions, ApiOptionsValidator>(); // PORT, where the health endpoints listen
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService<ReadyOnceStarted>();
        builder.Services.AddSingleton<FluxGrains>();
        builder.Services.AddHostedService<DirectoryRefresher>();
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

    /// <summary>Hosted services start in order, so this one runs once the silo has joined the cluster.</summary>
    private sealed class ReadyOnceStarted(Readiness readiness) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            readiness.MarkReady();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
        silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<FluxClusterOptions>>((cluster, flux) => flux.Value.ApplyTo(cluster));
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloEndpointOptions>>((endpoints, node) =>
        {
            var address = IPAddress.Parse(node.Value.AdvertisedAddress);
            endpoints.AdvertisedIPAddress = address;
            endpoints.SiloPort = node.Value.SiloPort is 0 ? FreePort.On(address) : node.Value.SiloPort;
            endpoints.GatewayPort = node.Value.GatewayPort is 0 ? FreePort.On(address) : node.Value.GatewayPort;
        });
        silo.Services.AddFluxGrains();
        silo.AddGrainCollection();
        return silo;
    }
}
