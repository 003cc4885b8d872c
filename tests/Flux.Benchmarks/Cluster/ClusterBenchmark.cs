using System.Diagnostics;
using System.Globalization;
using Flux.Benchmarks.Http;
using Flux.Benchmarks.Nats;
using Flux.Testing;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;
using NATS.Net;

namespace Flux.Benchmarks.Cluster;

/// <summary>
/// <c>cluster</c>: the cluster profile as real processes on loopback (nats-server, PostgreSQL, two silos, one
/// gateway; <see cref="FluxCluster"/>), measured beside raw NATS.Net against the same nats-server in the same run:
/// batch ingest through the gateway against pipelined JetStream publishing of the same events, single publish
/// latency against one-at-a-time publish-with-ack, and both batch figures again on a second cluster whose
/// nats-server fsyncs before every ack (<c>sync_interval: always</c>) instead of every second.
/// </summary>
internal static class ClusterBenchmark
{
    /// <summary>Per-request log lines cost more than the request (docs/shared ENVIRONMENT §4): Warning, as the http benchmark does.</summary>
    private static readonly Dictionary<string, string> Quiet = new() { ["Logging__LogLevel__Default"] = "Warning" };

    private sealed record Figures(double BatchEventsPerSecond, double RawEventsPerSecond, double SiloCpuUsPerEvent, double GatewayCpuUsPerEvent,
        double[]? Single, double[]? RawSingle);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var seconds = TimeSpan.FromSeconds(options.GetInt("--seconds", 10));
        var warmup = options.Warmup();
        var window = options.GetInt("--window", 256);
        var singles = options.GetInt("--singles", 2_000);
        if (options.Get("--silos", "") is { Length: > 0 } counts)
            return await ScaleAsync([.. counts.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))], seconds, warmup, window);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster: 2 silos, 1 gateway, nats-server, PostgreSQL on {Environment.ProcessorCount} cores shared with this client; seconds={seconds.TotalSeconds} warmup={warmup.TotalSeconds} window={window} singles={singles}"));

        var relaxed = await MeasureAsync("1s", seconds, warmup, window, singles);
        var durable = options.Has("--no-sync-always") ? null : await MeasureAsync("always", seconds, warmup, window, singles: 0);

        HttpBenchmark.Print("cluster-batch-100", relaxed.BatchEventsPerSecond, "events/s");
        HttpBenchmark.Print("raw-jetstream-publish", relaxed.RawEventsPerSecond, "events/s");
        HttpBenchmark.Print("cluster-batch-100-vs-raw-jetstream", relaxed.BatchEventsPerSecond / relaxed.RawEventsPerSecond, "ratio (target 0.40, goal 0.60)");
        HttpBenchmark.Print("cluster-batch-100-silo-cpu", relaxed.SiloCpuUsPerEvent, "us/event (both silos)");
        HttpBenchmark.Print("cluster-batch-100-gateway-cpu", relaxed.GatewayCpuUsPerEvent, "us/event");

        var single = relaxed.Single!;
        var rawSingle = relaxed.RawSingle!;
        HttpBenchmark.Print("cluster-publish-single-p50", JetStreamBenchmark.Percentile(single, 0.50), "us");
        HttpBenchmark.Print("cluster-publish-single-p99", JetStreamBenchmark.Percentile(single, 0.99), "us");
        HttpBenchmark.Print("raw-jetstream-ack-p50", JetStreamBenchmark.Percentile(rawSingle, 0.50), "us");
        HttpBenchmark.Print("raw-jetstream-ack-p99", JetStreamBenchmark.Percentile(rawSingle, 0.99), "us");
        HttpBenchmark.Print("cluster-publish-single-p50-over-raw",
            JetStreamBenchmark.Percentile(single, 0.50) - JetStreamBenchmark.Percentile(rawSingle, 0.50), "us (goal <= 1000)");

        if (durable is null)
            return 0;
        HttpBenchmark.Print("cluster-batch-100-sync-always", durable.BatchEventsPerSecond, "events/s");
        HttpBenchmark.Print("raw-jetstream-publish-sync-always", durable.RawEventsPerSecond, "events/s");
        HttpBenchmark.Print("cluster-batch-100-sync-always-vs-raw-jetstream", durable.BatchEventsPerSecond / durable.RawEventsPerSecond, "ratio");
        HttpBenchmark.Print("cluster-batch-100-sync-always-vs-1s", durable.BatchEventsPerSecond / relaxed.BatchEventsPerSecond, "ratio");
        HttpBenchmark.Print("raw-jetstream-publish-sync-always-vs-1s", durable.RawEventsPerSecond / relaxed.RawEventsPerSecond, "ratio");
        return 0;
    }

    /// <summary>
    /// Batch ingest through one gateway on clusters of each silo count, each beside the raw limit of its own
    /// nats-server: on one machine every silo shares the same cores, so what this shows is whether adding silos
    /// costs throughput, not what they add on nodes of their own (docs/architecture.md §7, scale-out).
    /// </summary>
    private static async Task<int> ScaleAsync(int[] siloCounts, TimeSpan seconds, TimeSpan warmup, int window)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster: {string.Join(", ", siloCounts)} silos, 1 gateway, on {Environment.ProcessorCount} cores shared with this client; seconds={seconds.TotalSeconds} warmup={warmup.TotalSeconds} window={window}"));
        foreach (var silos in siloCounts)
        {
            var figures = await MeasureAsync("1s", seconds, warmup, window, singles: 0, silos);
            HttpBenchmark.Print($"cluster-batch-100-silos-{silos}", figures.BatchEventsPerSecond, "events/s");
            HttpBenchmark.Print($"raw-jetstream-publish-silos-{silos}", figures.RawEventsPerSecond, "events/s");
            HttpBenchmark.Print($"cluster-batch-100-silos-{silos}-vs-raw-jetstream", figures.BatchEventsPerSecond / figures.RawEventsPerSecond, "ratio");
            HttpBenchmark.Print($"cluster-batch-100-silos-{silos}-silo-cpu", figures.SiloCpuUsPerEvent, "us/event (all silos)");
        }
        return 0;
    }

    /// <summary>
    /// A fresh cluster whose nats-server syncs as told: batch ingest through the gateway after the JIT's warm-up, then
    /// the raw limit on the same server; with <paramref name="singles"/>, also both one-at-a-time latencies. The cluster
    /// stops before this returns, on failure too, so the next one cannot meet an old silo on its ports.
    /// </summary>
    private static async Task<Figures> MeasureAsync(string syncInterval, TimeSpan seconds, TimeSpan warmup, int window, int singles, int silos = 2)
    {
        var started = Stopwatch.StartNew();
        await using var cluster = await FluxCluster.StartAsync(silos, gateways: 1, syncInterval, Quiet);
        var gateway = cluster.Gateways[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: {silos} silos, sync_interval {syncInterval} up in {started.Elapsed.TotalSeconds:0.0} s, gateway {gateway.BaseAddress}"));

        var address = gateway.BaseAddress.ToString().TrimEnd('/');
        await Wrk.RunAsync(address, HttpLoad.PublishBatch, warmup);
        await WarmUntilCompiledAsync(cluster, address);
        var before = await StoredEventsAsync(cluster.Nats.Url);
        var siloCpu = CpuOf(cluster.Silos);
        var gatewayCpu = CpuOf(cluster.Gateways);
        var batch = await Wrk.RunAsync(address, HttpLoad.PublishBatch, seconds);
        siloCpu = CpuOf(cluster.Silos) - siloCpu;
        gatewayCpu = CpuOf(cluster.Gateways) - gatewayCpu;
        if (batch.Non2xx > 0)
            Console.Error.WriteLine($"warning: {batch.Non2xx} batch responses from the gateway were not 2xx");
        // A batch answers 200 with per-item failures, so the rate is what the log stored, not what wrk was answered.
        var answered = batch.RequestsPerSecond * HttpLoad.PublishBatch.EventsPerRequest;
        var stored = await StoredEventsAsync(cluster.Nats.Url) - before;
        var batchRate = stored / seconds.TotalSeconds;
        var siloUs = siloCpu.TotalMicroseconds / stored;
        var gatewayUs = gatewayCpu.TotalMicroseconds / stored;
        if (batchRate < answered * 0.98)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warning: the log stored {batchRate:0} events/s of the {answered:0} events/s the gateway answered; the silos said:"));
            foreach (var line in cluster.Silos.SelectMany(silo => silo.Output.ToString().Split('\n')).Where(line => line.Contains("warn", StringComparison.OrdinalIgnoreCase) || line.Contains("fail", StringComparison.OrdinalIgnoreCase)).Distinct().TakeLast(6))
                Console.Error.WriteLine("  " + line);
        }

        await using var raw = await RawJetStream.OpenAsync(cluster.Nats.Url);
        var rawRate = await raw.PublishEventsAsync(seconds, RawWarmup, window);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster: sync_interval {syncInterval}: batch {batchRate:0} events/s (p99 {batch.P99Ms:0.#} ms; CPU per event: silos {siloUs:0} us, gateway {gatewayUs:0} us), raw {rawRate:0} events/s"));
        if (singles == 0)
            return new Figures(batchRate, rawRate, siloUs, gatewayUs, null, null);

        var single = await PublishOneAtATimeAsync(gateway.Http, singles, warmup: singles / 2);
        var rawSingle = await raw.AckLatenciesAsync(singles, warmup: singles / 2);
        foreach (var silo in cluster.Silos)
            silo.ThrowIfDied();
        return new Figures(batchRate, rawRate, siloUs, gatewayUs, single, rawSingle);
    }

    /// <summary>
    /// Goes on with the batch load while the JIT of any silo or gateway still works: on two shared cores tiered
    /// compilation of the cluster's hot paths can take a minute, and a run measured before it ends measures the JIT.
    /// </summary>
    private static async Task WarmUntilCompiledAsync(FluxCluster cluster, string address)
    {
        const string jit = ".NET Tiered Compilation Worker";
        var round = TimeSpan.FromSeconds(5);
        var processes = cluster.Silos.Concat(cluster.Gateways).Select(p => p.ProcessId ?? throw new InvalidOperationException($"{p} is not running")).ToList();
        for (var extra = TimeSpan.Zero; extra < TimeSpan.FromSeconds(90); extra += round)
        {
            var before = processes.Select(pid => ProcessCpu.UsedByThreads(pid, jit)).ToList();
            await Wrk.RunAsync(address, HttpLoad.PublishBatch, round);
            var compiling = processes.Select((pid, i) => ProcessCpu.UsedByThreads(pid, jit) - before[i]).Max();
            if (compiling < round * 0.02)
                return;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: still compiling ({compiling.TotalMilliseconds:0} ms of JIT in {round.TotalSeconds:0} s); warming on"));
        }
    }

    /// <summary>CPU time the processes have used: per event it hardly moves when other work shares the machine (Http/ProcessCpu.cs).</summary>
    private static TimeSpan CpuOf(IEnumerable<FluxServer> processes) =>
        processes.Aggregate(TimeSpan.Zero, (sum, process) => sum + ProcessCpu.Used(process.ProcessId ?? throw new InvalidOperationException($"{process} is not running")));

    /// <summary>The events the cluster's log holds: one per message, plus the count of further events in multi-event messages.</summary>
    private static async Task<long> StoredEventsAsync(string url)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url, Name = "flux-bench-count" });
        var stream = await nats.CreateJetStreamContext().GetStreamAsync("FLUX_EVENTS");
        var counters = await nats.CreateKeyValueStoreContext().GetStoreAsync("FLUX_EVENTS_COUNTS");
        var extra = await counters.TryGetEntryAsync<string>("extra-events");
        return (long)stream.Info.State.LastSeq + (extra.Success ? long.Parse(extra.Value.Value!, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>NATS.Net's hot paths warm up in a few seconds (Nats/JetStreamBenchmark.cs); the cluster's need BenchArgs.Warmup.</summary>
    private static readonly TimeSpan RawWarmup = TimeSpan.FromSeconds(4);

    /// <summary>
    /// POST /api/events, one at a time, each for one of 1,000 entities (active after the warm-up, as in a steady
    /// state): the latencies in microseconds, sorted.
    /// </summary>
    private static async Task<double[]> PublishOneAtATimeAsync(HttpClient http, int count, int warmup)
    {
        var micros = new double[count];
        for (var i = -warmup; i < count; i++)
        {
            var body = "{\"stream\":\"sensors\",\"source\":\"agent-1\",\"payload\":{\"entity_id\":\"single/e-"
                + (i + warmup) % 1000 + "\",\"properties\":{\"temperature\":22.5,\"status\":\"ok\"}}}";
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var start = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("api/events", content);
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (i >= 0)
                micros[i] = elapsed.TotalMicroseconds;
        }

        Array.Sort(micros);
        return micros;
    }
}
