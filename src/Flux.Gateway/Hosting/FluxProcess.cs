using System.Diagnostics;
using System.Reflection;
using Flux.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Flux.Gateway.Configuration;

namespace Flux.Gateway.Hosting;

/// <summary>
/// What every Flux process (a silo, a gateway) does the same way: settings from the file, the environment and
/// the command line; quiet framework logs; Kestrel on PORT; one banner line when ready; and a start-up that
/// cannot succeed reported as one line on stderr with exit code 1, never a stack trace.
/// </summary>
public static class FluxProcess
{
    /// <param name="configure">Registers the process's services; it may throw a <see cref="ConfigurationException"/>.</param>
    /// <param name="use">Adds the process's middleware and endpoints.</param>
    /// <param name="banner">The ready line, written once the host has started.</param>
    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder> configure, Action<WebApplication> use,
        Func<WebApplication, TimeSpan, Task<string>> banner)
    {
        var sinceLaunch = Stopwatch.StartNew();
        WebApplication app;
        try
        {
            app = await StartAsync(args, configure, use);
        }
        catch (Exception failure)
        {
            await Console.Error.WriteLineAsync($"flux: cannot start: {StartupFailure.Describe(failure)}");
            return 1;
        }
        await using (app)
        {
            await Console.Out.WriteLineAsync(await banner(app, sinceLaunch.Elapsed));
            var api = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
            if (api.AuthEnabled && api.AdminToken is null)
                await Console.Error.WriteLineAsync(
                    "flux: warning: auth is on but FLUX_ADMIN_TOKEN is not set, so anyone may register namespaces and change runtime limits");
            await app.WaitForShutdownAsync();
        }
        return 0;
    }

    private static async Task<WebApplication> StartAsync(string[] args, Action<WebApplicationBuilder> configure, Action<WebApplication> use)
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
        QuietFrameworkLogs(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // the gateway enforces the contract's limits itself (docs/api.md §9)
            if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
                kestrel.ListenAnyIP(kestrel.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.Port);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        configure(builder);

        var app = builder.Build();
        try
        {
            use(app);
            await app.StartAsync();
            return app;
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
            await app.DisposeAsync();
            throw;
        }
    }

    private static void QuietFrameworkLogs(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Orleans", LogLevel.Warning);
        logging.AddFilter("Microsoft.Orleans", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning); // Orleans' placement retries log every attempt at Information
        // IHttpClientFactory logs every request (the OAuth code exchange's included) at Information.
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // The watchdog warns at start that its first check "has not completed" for as long as the machine has been up.
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        // The banner says what start-up did; the host's own start-up lines would repeat it, and a failed start-up
        // is reported as one line on stderr rather than logged with its stack trace.
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    /// <summary>The version as the banner shows it: release and short commit.</summary>
    public static string Version()
    {
        var version = typeof(FluxProcess).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return version.Split('+') is [var release, var commit] ? $"{release} ({commit[..Math.Min(commit.Length, 7)]})" : version;
    }
}
