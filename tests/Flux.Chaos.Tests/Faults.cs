using System.Diagnostics;
using Flux.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Flux.Chaos.Tests;

/// <summary>
/// The faults a chaos run injects into a live cluster, each with real signals to real processes, and each waited
/// out until every entity writes again. What each took is written to the test output.
/// </summary>
internal sealed class Faults(FluxCluster cluster, Workload load, ITestOutputHelper output)
{
    /// <summary>How long the cluster may take to serve every entity again after a fault.</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    private readonly List<DeclaredDead> _dead = [];

    public IReadOnlyList<DeclaredDead> Dead => _dead;

    /// <summary>kill -9 of a silo; it is started again once its entities write on the others.</summary>
    public async Task KillSiloAsync(int index)
    {
        var silo = cluster.Silos[index];
        var since = Stopwatch.GetTimestamp();
        await silo.CrashAsync();
        var answered = load.UntilEveryEntityAnswersAsync(since, Recovery);
        await WaitUntilDeclaredDeadAsync(silo);
        var declared = Stopwatch.GetElapsedTime(since);
        var recovered = await answered;
        output.WriteLine($"kill -9 of silo {index}: declared dead after {declared.TotalSeconds:0.0} s; every entity answered a write " +
            $"{recovered.TotalSeconds:0.0} s after the kill; meanwhile {load.WritesBetween(since, Stopwatch.GetTimestamp())}");
        await silo.LaunchAsync(waitUntilReady: true);
    }

    /// <summary>
    /// SIGSTOP of a silo until the membership table says it is dead, then SIGCONT: a zombie that wakes up holding
    /// activations the cluster has moved. It must stop itself (Orleans does when it learns it was declared dead);
    /// then it is started again.
    /// </summary>
    public async Task FreezeSiloAsync(int index)
    {
        var silo = cluster.Silos[index];
        var appendedBy = $"{Environment.MachineName}/{silo.ProcessId}";
        var since = Stopwatch.GetTimestamp();
        await silo.FreezeAsync();
        var answered = load.UntilEveryEntityAnswersAsync(since, Recovery);
        _dead.Add(new DeclaredDead(appendedBy, await WaitUntilDeclaredDeadAsync(silo)));
        var declared = Stopwatch.GetElapsedTime(since);
        var recovered = await answered;
        output.WriteLine($"SIGSTOP of silo {index}: declared dead after {declared.TotalSeconds:0.0} s; every entity answered a write " +
            $"{recovered.TotalSeconds:0.0} s after the stop; meanwhile {load.WritesBetween(since, Stopwatch.GetTimestamp())}");
        // Gateways stop sending to a hung silo once they reread the membership table (ClusterGateway.GatewayListRefreshPeriod);
        // at Orleans' default of a minute, its entities stayed unwritable for most of that minute.
        Assert.True(recovered - declared < TimeSpan.FromSeconds(10), $"entities answered only {(recovered - declared).TotalSeconds:0.0} s after the silo was declared dead");

        await silo.ThawAsync();
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit is not null, $"silo {index}, declared dead while stopped, still runs 30 s after SIGCONT.\n{silo.Output}");
        output.WriteLine($"SIGCONT of silo {index}: it learnt it was declared dead and exited with code {exit}");
        await silo.LaunchAsync(waitUntilReady: true);
    }

    /// <summary>SIGTERM of a gateway: it drains and exits 0 while the clients go on through the other; then it is started again.</summary>
    public async Task StopGatewayAsync(int index)
    {
        var gateway = cluster.Gateways[index];
        var since = Stopwatch.GetTimestamp();
        Assert.Equal(0, await gateway.StopAsync());
        var recovered = await load.UntilEveryEntityAnswersAsync(since, Recovery);
        output.WriteLine($"SIGTERM of gateway {index}: exited 0; every entity answered a write {recovered.TotalSeconds:0.0} s after the signal; " +
            $"meanwhile {load.WritesBetween(since, Stopwatch.GetTimestamp())}");
        await gateway.LaunchAsync(waitUntilReady: true);
    }

    /// <summary>kill -9 of the nats-server until the clients feel it, then it is started again on the same store.</summary>
    public async Task RestartNatsAsync()
    {
        var since = Stopwatch.GetTimestamp();
        await cluster.Nats.StopAsync();
        await load.WaitUntilAWriteFailsAfterAsync(since, Recovery);
        await cluster.Nats.StartAsync();
        var restarted = Stopwatch.GetTimestamp();
        var recovered = await load.UntilEveryEntityAnswersAsync(restarted, Recovery);
        output.WriteLine($"nats-server down {Stopwatch.GetElapsedTime(since, restarted).TotalSeconds:0.0} s: every entity answered a write " +
            $"{recovered.TotalSeconds:0.0} s after it was back; meanwhile {load.WritesBetween(since, Stopwatch.GetTimestamp())}");
    }

    /// <summary>Polls Orleans' membership table until it marks the silo Dead; returns when the test first saw that.</summary>
    private async Task<DateTimeOffset> WaitUntilDeclaredDeadAsync(FluxServer silo) =>
        (await Eventually.HoldsAsync(() => DeclaredDeadAsync(silo), dead => dead is not null, Recovery, $"{silo} declared dead"))!.Value;

    private async Task<DateTimeOffset?> DeclaredDeadAsync(FluxServer silo)
    {
        const int Dead = 6; // Orleans' SiloStatus.Dead
        await using var connection = new NpgsqlConnection(cluster.Environment["FLUX_POSTGRES"]);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT status FROM orleansmembershiptable WHERE deploymentid = @cluster AND port = @port ORDER BY generation DESC LIMIT 1", connection);
        query.Parameters.AddWithValue("cluster", cluster.Environment["FLUX_CLUSTER_ID"]);
        query.Parameters.AddWithValue("port", silo.SiloPort ?? throw new InvalidOperationException("not a cluster silo"));
        return await query.ExecuteScalarAsync() is int status && status == Dead ? DateTimeOffset.UtcNow : null;
    }
}
