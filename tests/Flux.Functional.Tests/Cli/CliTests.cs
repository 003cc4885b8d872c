using System.Diagnostics;
using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Cli;

/// <summary>The curl-based CLI of docs/api.md §14.3 (cli/flux.sh) works against the server unchanged.</summary>
public sealed class CliTests
{
    private sealed record CliResult(int ExitCode, string Output, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Output).RootElement.Clone();

        public override string ToString() => $"exit {ExitCode}; stdout: {Output}; stderr: {Error}";
    }

    private static async Task<CliResult> RunAsync(FluxServer server, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "cli", "flux.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment.Remove("FLUX_TOKEN");
        info.Environment.Remove("FLUX_ADMIN_TOKEN");
        info.Environment["FLUX_URL"] = server.BaseAddress.ToString().TrimEnd('/');
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    private static Task<CliResult> RunAsync(FluxServer server, params string[] args) => RunAsync(server, null, args);

    private static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public async Task the_cli_publishes_reads_lists_and_deletes_in_open_mode()
    {
        await using var server = await FluxServer.StartAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var published = Ok(await RunAsync(server, "publish", "sensors", "agent-01", "dawn-coral/sensor-01", """{"temperature":22.5,"unit":"celsius"}"""));
        Expect.Keys(published.Json, "eventId", "stream");
        var stored = Assert.Single(await server.Api.HistoryOkAsync("dawn-coral/sensor-01"));
        var ts = stored.GetProperty("timestamp").GetInt64();
        Assert.True(ts % 1000 == 0 && ts / 1000 >= before - 5 && ts / 1000 <= DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5, $"CLI timestamps are seconds followed by 000: {ts}");

        var got = Ok(await RunAsync(server, "get", "dawn-coral/sensor-01"));
        Assert.Equal("dawn-coral/sensor-01", got.Json.GetProperty("id").GetString());
        Assert.Equal(22.5, got.Json.GetProperty("properties").GetProperty("temperature").GetDouble());

        var batch = Ok(await RunAsync(server, "batch", """{"events":[{"stream":"hosts","source":"cli","payload":{"entity_id":"host-web-01","properties":{"status":"healthy"}}},{"stream":"hosts","source":"cli","payload":{"entity_id":"host-web-02","properties":{"status":"warning"}}},{"stream":"hosts","source":"cli","payload":{"entity_id":"dawn-coral/room-101","properties":{"occupied":true}}}]}"""));
        Assert.Equal(3, batch.Json.GetProperty("successful").GetInt32());

        var byPrefix = Ok(await RunAsync(server, "list", "--prefix", "host-"));
        Assert.Equal(["host-web-01", "host-web-02"], byPrefix.Json.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList());
        var positional = Ok(await RunAsync(server, "list", "host-web-0"));
        Assert.Equal(2, positional.Json.GetArrayLength());
        var byNamespace = Ok(await RunAsync(server, "list", "--namespace", "dawn-coral"));
        Assert.Equal(["dawn-coral/room-101", "dawn-coral/sensor-01"], byNamespace.Json.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList());

        var health = Ok(await RunAsync(server, "health"));
        var count = (await server.Api.ListIdsAsync()).Count;
        Assert.Contains($"ok: {count} entities", health.Output, StringComparison.Ordinal);

        var deleted = Ok(await RunAsync(server, "delete", "dawn-coral/sensor-01"));
        Assert.Equal("dawn-coral/sensor-01", deleted.Json.GetProperty("entity_id").GetString());
        var gone = await RunAsync(server, "get", "dawn-coral/sensor-01");
        Assert.True(gone.ExitCode == 1, gone.ToString());
        Assert.Equal("Entity not found", gone.Json.GetProperty("error").GetString());

        var batchDeleted = Ok(await RunAsync(server, "batch-delete", """{"prefix":"host-"}"""));
        Assert.Equal(2, batchDeleted.Json.GetProperty("deleted").GetInt32());
        var byNamespaceDelete = Ok(await RunAsync(server, "delete", "--namespace", "dawn-coral"));
        Assert.Equal(1, byNamespaceDelete.Json.GetProperty("deleted").GetInt32());
        Assert.Equal(["flux-core/directory"], await server.Api.ListIdsAsync());

        var directory = Ok(await RunAsync(server, "get", "flux-core/directory"));
        Assert.Equal("flux-core/directory", directory.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task the_cli_reads_and_changes_admin_config_with_the_admin_token_only()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_ADMIN_TOKEN"] = "cli-admin" });
        var config = Ok(await RunAsync(server, "admin-config"));
        Expect.Keys(config.Json, "rate_limit_enabled", "rate_limit_per_namespace_per_minute", "body_size_limit_single_bytes", "body_size_limit_batch_bytes");

        var refused = await RunAsync(server, new Dictionary<string, string> { ["FLUX_TOKEN"] = "cli-admin" }, "admin-config", """{"rate_limit_per_namespace_per_minute":5}""");
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Equal("Unauthorized", refused.Json.GetProperty("error").GetString());

        var changed = Ok(await RunAsync(server, new Dictionary<string, string> { ["FLUX_ADMIN_TOKEN"] = "cli-admin" }, "admin-config", """{"rate_limit_per_namespace_per_minute":5}"""));
        Assert.Equal(5, changed.Json.GetProperty("rate_limit_per_namespace_per_minute").GetInt32());
    }

    [Fact]
    public async Task the_cli_sends_the_namespace_token_on_every_call_in_auth_mode()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_AUTH_ENABLED"] = "true", ["FLUX_ADMIN_TOKEN"] = "cli-admin" });
        var token = Expect.Ok(await server.Api.RegisterNamespaceAsync("ridge-lab", "cli-admin")).Json.GetProperty("token").GetString()!;
        var env = new Dictionary<string, string> { ["FLUX_TOKEN"] = token };

        var anonymous = await RunAsync(server, "publish", "sensors", "agent", "ridge-lab/probe", """{"v":1}""");
        Assert.True(anonymous.ExitCode == 1, anonymous.ToString());
        Ok(await RunAsync(server, env, "publish", "sensors", "agent", "ridge-lab/probe", """{"v":1}"""));
        Assert.Equal(1, Ok(await RunAsync(server, env, "get", "ridge-lab/probe")).Json.GetProperty("properties").GetProperty("v").GetInt32());
        Assert.Equal(1, Ok(await RunAsync(server, env, "list", "--namespace", "ridge-lab")).Json.GetArrayLength());
        Ok(await RunAsync(server, env, "delete", "ridge-lab/probe"));
        Ok(await RunAsync(server, env, "health"));
    }

    [Fact]
    public async Task the_cli_reports_an_unreachable_server()
    {
        await using var server = await FluxServer.StartAsync();
        await server.StopAsync();
        var result = await RunAsync(server, "health");
        Assert.True(result.ExitCode == 2 && result.Error.Contains("cannot reach", StringComparison.Ordinal), result.ToString());
    }
}
