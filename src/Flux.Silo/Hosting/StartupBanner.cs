using System.Globalization;
using System.Reflection;
using Flux.Gateway.Configuration;
using Flux.Storage;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Flux.Silo.Hosting;

/// <summary>
/// What start-up did, in one line on stdout once the server is ready: version, profile, data directory,
/// entities recovered, listen addresses, auth and admin token, time to ready. Auth without an admin token
/// adds a warning on stderr, since anyone may then register namespaces and change the runtime limits.
/// </summary>
public static class StartupBanner
{
    public static async Task WriteAsync(WebApplication app, TimeSpan sinceLaunch)
    {
        var api = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var storage = app.Services.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value;
        var entities = await app.Services.GetRequiredService<IEntityIndex>().CountAsync(EntityFilter.All);
        var version = typeof(StartupBanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        if (version.Split('+') is [var release, var commit])
            version = $"{release} ({commit[..Math.Min(commit.Length, 7)]})";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"Flux {version} ready in {sinceLaunch.TotalSeconds:0.00} s: embedded profile, data {Path.GetFullPath(storage.DataDirectory)} " +
            $"({entities} entities recovered), listening on {string.Join(", ", app.Urls)}, auth {(api.AuthEnabled ? "on" : "off")}, " +
            $"admin token {(api.AdminToken is null ? "not set" : "set")}");
        await Console.Out.WriteLineAsync(line);
        if (api.AuthEnabled && api.AdminToken is null)
            await Console.Error.WriteLineAsync(
                "flux: warning: auth is on but FLUX_ADMIN_TOKEN is not set, so anyone may register namespaces and change runtime limits");
    }
}
