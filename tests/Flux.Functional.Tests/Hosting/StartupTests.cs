using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Flux.Functional.Tests.Cli;

namespace Flux.Functional.Tests.Hosting;

/// <summary>
/// Start-up says what it did in one banner line, and a start-up that cannot succeed ends with one clear line
/// on stderr and exit code 1: no stack trace, no abort.
/// </summary>
public sealed class StartupTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Runs the server binary until it exits by itself.</summary>
    private static Task<CliRun> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunUntilExitAsync(ServerBinary.Silo, environment, args);

    private static async Task<CliRun> RunUntilExitAsync(string binary, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerBinary.Locate(binary));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("FLUX_", StringComparison.Ordinal) || k is "PORT" or "ASPNETCORE_URLS" or "URLS").ToList())
            info.Environment.Remove(key);
        info.Environment["PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        await using var process = new CliProcess(info, stdin: null, "Flux.Silo");
        return await process.WaitForExitAsync(Wait);
    }

    private static void AssertOneLineFailure(CliRun ended, string expected)
    {
        Assert.True(ended.ExitCode == 1, ended.ToString());
        var line = Assert.Single(ended.Error.Split('\n'));
        Assert.StartsWith("flux: cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", ended.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_banner_names_version_profile_data_entities_addresses_and_auth()
    {
        await using var server = await FluxServer.StartAsync();
        var banner = await Eventually.HoldsAsync(() => Task.FromResult(server.Output.ToString()), o => o.Contains("ready in", StringComparison.Ordinal), Wait, "the banner");
        Assert.Contains($"[out] Flux ", banner, StringComparison.Ordinal);
        Assert.Contains($"embedded profile, data {server.DataDir} (0 entities recovered), listening on http://127.0.0.1:{server.Port}", banner, StringComparison.Ordinal);
        Assert.Contains("auth off, admin token not set", banner, StringComparison.Ordinal);

        foreach (var id in new[] { "banner/a", "banner/b", "c" })
            await server.Api.PublishOkAsync(id, FluxApi.Props("a", 1));
        await server.RestartAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(server.Output.ToString()), o => o.Contains("(3 entities recovered)", StringComparison.Ordinal), Wait, "the recovered count");
    }

    [Fact]
    public async Task auth_without_an_admin_token_starts_with_a_warning()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_AUTH_ENABLED"] = "on" });
        var output = await Eventually.HoldsAsync(() => Task.FromResult(server.Output.ToString()), o => o.Contains("ready in", StringComparison.Ordinal), Wait, "the banner");
        Assert.Contains("auth on, admin token not set", output, StringComparison.Ordinal);
        Assert.Contains("[err] flux: warning: auth is on but FLUX_ADMIN_TOKEN is not set", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FLUX_AUTH_ENABLED", "enabled", "FLUX_AUTH_ENABLED='enabled' is not a switch")]
    [InlineData("FLUX_RATE_LIMIT_ENABLED", "maybe", "FLUX_RATE_LIMIT_ENABLED='maybe' is not a switch")]
    [InlineData("FLUX_MAX_BATCH_DELETE", "lots", "FLUX_MAX_BATCH_DELETE='lots' is not a whole number")]
    [InlineData("FLUX_WS_QUEUE_LIMIT", "0", "FLUX_WS_QUEUE_LIMIT='0' is not a whole number of at least 1")]
    [InlineData("FLUX_GRAIN_IDLE_SECONDS", "-5", "FLUX_GRAIN_IDLE_SECONDS='-5' is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_EVENT_RETENTION_DAYS", "-1", "FLUX_EVENT_RETENTION_DAYS='-1' is not a whole number of at least 0")]
    public async Task a_bad_value_stops_start_up_with_one_line_naming_the_variable(string name, string value, string expected)
    {
        var data = Directory.CreateTempSubdirectory("flux-startup-").FullName;
        try
        {
            AssertOneLineFailure(await RunUntilExitAsync(new Dictionary<string, string> { [name] = value, ["FLUX_DATA_DIR"] = data }), expected);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("FLUX_NATS_URL", "nats://127.0.0.1:4222", "FLUX_NATS_URL is set but FLUX_POSTGRES is not")]
    [InlineData("FLUX_POSTGRES", "Host=127.0.0.1;Database=flux", "FLUX_POSTGRES is set but FLUX_NATS_URL is not")]
    public async Task one_cluster_variable_without_the_other_stops_start_up_naming_the_missing_one(string name, string value, string expected)
    {
        var data = Directory.CreateTempSubdirectory("flux-startup-").FullName;
        try
        {
            AssertOneLineFailure(await RunUntilExitAsync(new Dictionary<string, string> { [name] = value, ["FLUX_DATA_DIR"] = data }), expected);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task the_standalone_gateway_without_a_cluster_stops_start_up_saying_what_to_set() =>
        AssertOneLineFailure(await RunUntilExitAsync(ServerBinary.Gateway, new Dictionary<string, string>()),
            "the standalone gateway serves a cluster: set FLUX_NATS_URL and FLUX_POSTGRES (for one process, run Flux.Silo)");

    [Fact]
    public async Task a_malformed_config_file_stops_start_up_naming_the_file_line()
    {
        var dir = Directory.CreateTempSubdirectory("flux-startup-").FullName;
        try
        {
            var file = Path.Combine(dir, "flux.toml");
            await File.WriteAllTextAsync(file, "[api]\nmax_batch_delete = = 3\n");
            var ended = await RunUntilExitAsync(new Dictionary<string, string> { ["FLUX_CONFIG"] = file, ["FLUX_DATA_DIR"] = Path.Combine(dir, "data") });
            AssertOneLineFailure(ended, $"{file}, line 2");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task a_port_in_use_stops_start_up_saying_how_to_choose_another()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("flux-startup-").FullName;
        try
        {
            var ended = await RunUntilExitAsync(new Dictionary<string, string> { ["FLUX_DATA_DIR"] = data }, "--urls", $"http://127.0.0.1:{port}");
            AssertOneLineFailure(ended, $"127.0.0.1:{port}: address already in use: stop the process using the port, or choose another with PORT or --urls");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task a_data_directory_in_use_by_another_server_stops_start_up()
    {
        await using var first = await FluxServer.StartAsync();
        var ended = await RunUntilExitAsync(new Dictionary<string, string> { ["FLUX_DATA_DIR"] = first.DataDir });
        AssertOneLineFailure(ended, $"The data directory {first.DataDir} is in use by another Flux storage");
        await first.Api.PublishOkAsync("still/serving", FluxApi.Props("a", 1));
    }
}
