using System.Diagnostics;
using Flux.Configuration;
using Flux.Gateway;
using Flux.Gateway.Configuration;
using Flux.Silo.Hosting;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.Options;

// All-in-one silo: the embedded store, the grains and the gateway in one process (docs/architecture.md, profiles).
var sinceLaunch = Stopwatch.StartNew();
var started = false;
try
{
    // Nothing watches files for changes: the content root is often the working directory, where the data
    // directory lives, and a recursive watcher there would handle an inotify event for every database write.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
        ContentRootPath = AppContext.BaseDirectory,
    });
    // Settings come from the TOML file, then the environment, then the command line, each overriding the one
    // before (docs/api.md §14); the builder already has the last two.
    builder.Configuration.AddFluxConfigFile();

    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Logging.AddFilter("Orleans", LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.Orleans", LogLevel.Warning);
    builder.Logging.AddFilter("Polly", LogLevel.Warning); // Orleans' placement retries log every attempt at Information
    // The watchdog warns at start that its first check "has not completed" for as long as the machine has been up.
    builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
    // The banner below says what start-up did; the host's own start-up lines would repeat it, and a failed
    // start-up is reported as one line on stderr rather than logged with its stack trace.
    builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.Limits.MaxRequestBodySize = null; // the gateway enforces the contract's limits itself (docs/api.md §9)
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            kestrel.ListenAnyIP(kestrel.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.Port);
    });

    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddEmbeddedStorage();
    builder.UseOrleans(silo => silo.UseEmbeddedSilo());
    builder.Services.AddFluxGateway();
    builder.Services.AddHostedService<SiloStartup>();
    builder.Services.AddHostedService<DirectoryRefresher>();

    await using var app = builder.Build();
    app.UseFluxGateway();
    try
    {
        await app.StartAsync();
    }
    catch
    {
        // What did start (the silo, when Kestrel cannot bind) stops cleanly before the host is disposed; the
        // start-up failure, not a failure to stop what never started, is what gets reported.
        try
        {
            await app.StopAsync();
        }
        catch (Exception)
        {
        }
        throw;
    }
    started = true;
    await StartupBanner.WriteAsync(app, sinceLaunch.Elapsed);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception failure) when (!started)
{
    await Console.Error.WriteLineAsync($"flux: cannot start: {StartupFailure.Describe(failure)}");
    return 1;
}
