using System.Diagnostics;
using System.Text.Json;
using Flux.Testing;
using Xunit.Abstractions;

namespace Flux.Chaos.Tests;

/// <summary>
/// A cluster of three silos and two gateways under concurrent writers and readers, through rounds of faults: kill -9
/// of a silo, a silo stopped past failure detection then woken (a zombie), SIGTERM of a gateway, a nats-server
/// restart. The history checker then proves the recorded history against the log (<see cref="HistoryChecker"/>).
/// The short form (one round) runs with every test; FLUX_CHAOS_ROUNDS=N runs the long form (docs/architecture.md §4).
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task through_killed_frozen_and_restarted_processes_the_history_shows_no_lost_write_no_time_travel_and_no_interleaving()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("FLUX_CHAOS_ROUNDS"), out var n) && n > 0 ? n : 1;
        var clock = Stopwatch.StartNew();
        await using var cluster = await FluxCluster.StartAsync(silos: 3, gateways: 2);
        History history;
        IReadOnlyList<DeclaredDead> dead;
        await using (var load = Workload.Start(cluster, $"chaos-{Guid.NewGuid():N}", entities: 8, writersPerEntity: 2, readers: 4))
        {
            await load.UntilEveryEntityAnswersAsync(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(60));
            var faults = new Faults(cluster, load, output);
            for (var round = 0; round < rounds; round++)
            {
                await faults.KillSiloAsync(round % 3);
                await faults.FreezeSiloAsync((round + 1) % 3);
                await faults.StopGatewayAsync(round % 2);
                await faults.RestartNatsAsync();
            }
            var final = await load.StopAndReadFinalStateAsync();
            var (writes, reads, wrong) = load.Recorded();
            var log = await LogReader.ReadAsync(cluster.Nats.Url, new HashSet<string>(load.Entities, StringComparer.Ordinal));
            dead = faults.Dead;
            history = new History(writes, reads, log, final, dead, wrong);
        }

        var anomalies = HistoryChecker.Check(history);
        output.WriteLine($"{rounds} round(s) in {clock.Elapsed.TotalSeconds:0} s: {history.Writes.Count} writes " +
            $"({history.Writes.Count(w => w.Outcome == WriteOutcome.Acknowledged)} acknowledged, {history.Writes.Count(w => w.Outcome == WriteOutcome.Unknown)} unknown), " +
            $"{history.Reads.Count} reads, {history.Log.Values.Sum(events => events.Count)} events in the log; {anomalies.Count} anomalies");
        foreach (var anomaly in anomalies.Take(50))
            output.WriteLine(anomaly);
        if (anomalies.Count > 0)
            output.WriteLine($"the whole history is in {await SaveAsync(history)}");
        Assert.Empty(anomalies);
    }

    /// <summary>Keeps a failing run's history for a post-mortem: JSON, one file, in the temporary directory.</summary>
    private static async Task<string> SaveAsync(History history)
    {
        var path = Path.Combine(Path.GetTempPath(), $"flux-chaos-history-{DateTime.UtcNow:yyyyMMddTHHmmss}.json");
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, history);
        return path;
    }
}
