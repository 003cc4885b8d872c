using System.Diagnostics;
using Flux.Functional.Tests.Cli;
using Flux.Functional.Tests.Client;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// <c>scripts/cluster</c> (README, "A local cluster"): a whole cluster on loopback in one command, and down and
/// up again on the same directory with nothing lost.
/// </summary>
public sealed class ClusterScriptTests : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dir = Directory.CreateTempSubdirectory("flux-cluster-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await RunAsync("down", "--dir", _dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task a_cluster_brought_down_and_up_again_on_the_same_directory_has_the_same_state()
    {
        var up = await RunAsync("up", "--dir", _dir, "--silos", "2", "--gateways", "2", "--no-build");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Matches(@"^gateway 1: http://127\.0\.0\.1:\d+\ngateway 2: http://127\.0\.0\.1:\d+$", up.Output.Trim());
        var settings = ClusterEnv();
        Assert.All(new[] { "FLUX_NATS_URL", "FLUX_POSTGRES", "FLUX_SILO_1_PID", "FLUX_SILO_2_PID", "FLUX_GATEWAY_1_PID" }, name => Assert.Contains(name, settings.Keys));
        Assert.Matches(@"^Host=127\.0\.0\.1;Port=\d+;Username=postgres;Database=postgres$", settings["FLUX_POSTGRES"]);

        using (var http = new HttpClient { BaseAddress = new Uri(settings["FLUX_GATEWAY_1"] + "/") })
        {
            for (var i = 0; i < 10; i++)
            {
                using var body = new StringContent(EventJson.Event($"restart/room-{i}", FluxApi.Props("temp", 20 + i)).ToJsonString(),
                    System.Text.Encoding.UTF8, "application/json");
                (await http.PostAsync("api/events", body)).EnsureSuccessStatusCode();
            }
        }
        var before = await StatesAsync(settings["FLUX_GATEWAY_2"]);

        Assert.Equal(0, (await RunAsync("down", "--dir", _dir)).ExitCode);
        var again = await RunAsync("up", "--dir", _dir, "--silos", "2", "--gateways", "1", "--no-build");
        Assert.True(again.ExitCode == 0, again.ToString());

        Assert.Equal(before, await StatesAsync(ClusterEnv()["FLUX_GATEWAY_1"]));
    }

    /// <summary>Each entity as GET returns it, body for body.</summary>
    private static async Task<List<string>> StatesAsync(string gateway)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway + "/") };
        var states = new List<string>();
        for (var i = 0; i < 10; i++)
            states.Add(await http.GetStringAsync($"api/state/entities/restart%2Froom-{i}"));
        return states;
    }

    /// <summary>The FLUX_ settings of cluster.env as a shell that sources it sees them, as the README tells users to.</summary>
    private Dictionary<string, string> ClusterEnv()
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("set -a && . \"$1\" && env");
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add(Path.Combine(_dir, "cluster.env"));
        using var shell = Process.Start(info)!;
        var output = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();
        Assert.Equal(0, shell.ExitCode);
        return output.Split('\n')
            .Where(line => line.StartsWith("FLUX_", StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Repository.PathOf("scripts/cluster"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        await using var process = new CliProcess(info, stdin: null, "scripts/cluster " + string.Join(' ', args));
        return await process.WaitForExitAsync(ScriptTimeout);
    }
}
