using System.Globalization;
using Flux.Configuration;
using Flux.Gateway;
using Flux.Gateway.Api;
using Flux.Gateway.Configuration;
using Flux.Gateway.Hosting;
using Flux.Silo.Hosting;
using Flux.Storage;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.Options;

// A silo. Embedded profile (nothing configured): the store, the grains and the gateway in one process.
// Cluster profile (FLUX_NATS_URL and FLUX_POSTGRES): one of several silos behind standalone gateways
// (docs/architecture.md, profiles).
return await FluxProcess.RunAsync(args, builder =>
{
    if (Profiles.Select(builder.Configuration) == Profile.Cluster)
    {
        builder.AddClusterSilo();
        return;
    }
    builder.Services.AddEmbeddedStorage();
    builder.UseOrleans(silo => silo.UseEmbeddedSilo());
    builder.Services.AddFluxGateway();
    builder.AddFluxTelemetry("flux");
    builder.Services.AddHostedService<SiloStartup>();
    builder.Services.AddHostedService<DirectoryRefresher>();
    builder.Services.AddHostedService<ConnectorsStartup>();
}, app =>
{
    if (Profiles.Select(app.Configuration) == Profile.Cluster)
        app.MapOperatorApi();
    else
        app.UseFluxGateway();
}, async (app, sinceLaunch) =>
{
    if (Profiles.Select(app.Configuration) == Profile.Cluster)
        return ClusterSilo.Banner(app, sinceLaunch);
    var api = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
    var storage = app.Services.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value;
    var entities = await app.Services.GetRequiredService<IEntityIndex>().CountAsync(EntityFilter.All);
    return string.Create(CultureInfo.InvariantCulture,
        $"Flux {FluxProcess.Version()} ready in {sinceLaunch.TotalSeconds:0.00} s: embedded profile, data {Path.GetFullPath(storage.DataDirectory)} " +
        $"({entities} entities recovered), listening on {string.Join(", ", app.Urls)}, auth {(api.AuthEnabled ? "on" : "off")}, " +
        $"admin token {(api.AdminToken is null ? "not set" : "set")}");
});
