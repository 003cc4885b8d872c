using Flux.Gateway;
using Flux.Gateway.Configuration;
using Flux.Grains;
using Flux.Runtime;
using Flux.Silo.Hosting;
using Flux.Storage.Sqlite;

// All-in-one silo: the embedded store, the grains and the gateway in one process (DESIGN.md profiles).
var options = FluxOptions.Load(Environment.GetEnvironmentVariable);
// Configuration comes from the environment; not watching files for changes matters because the content
// root is often the working directory, where the data directory lives: a recursive watcher there would
// handle an inotify event for every write to the database.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = null; // the gateway enforces the contract's limits itself (§9)
    if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        kestrel.ListenAnyIP(options.Port);
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEmbeddedStorage(options.DataDirectory, new RetentionPolicy(options.EventRetentionDays, options.EventRetentionBytes));
builder.Services.AddGrainRuntime(runtime =>
{
    runtime.MaxActivations = options.MaxActivations;
    runtime.IdleTimeout = options.GrainIdleTimeout;
    runtime.CollectionInterval = TimeSpan.FromTicks(Math.Min(runtime.CollectionInterval.Ticks, options.GrainIdleTimeout.Ticks / 2));
}).AddFluxGrains();
builder.Services.AddFluxGateway(options);
builder.Services.AddHostedService<SiloStartup>();
builder.Services.AddHostedService<DirectoryRefresher>();

var app = builder.Build();
app.UseFluxGateway();
app.Run();
