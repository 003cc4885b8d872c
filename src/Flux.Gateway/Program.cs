using Flux.Gateway;
using Flux.Gateway.Hosting;

// The standalone gateway of the cluster profile (docs/architecture.md, profiles). The embedded profile's
// gateway runs inside Flux.Silo instead.
return await FluxProcess.RunAsync(args, builder => builder.AddClusterGateway(), app => app.UseFluxGateway(),
    (app, sinceLaunch) => Task.FromResult(ClusterGateway.Banner(app, sinceLaunch)));
