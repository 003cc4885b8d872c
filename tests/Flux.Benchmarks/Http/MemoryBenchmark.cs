using System.Globalization;
using System.Text;

namespace Flux.Benchmarks.Http;

/// <summary>
/// <c>memory</c>: publishes to N distinct entities (default 1,000,000; 10 small properties each) through the
/// batch endpoint, under a heap limit (<c>--heap-limit-mb</c>, default 1024, given to .NET as
/// DOTNET_GCHeapHardLimit) with idle collection far away, so only Orleans' shedding under memory pressure
/// keeps memory bounded. Prints the heap per resident entity (measured over the first 100,000, before any
/// shedding), the highest resident memory seen, how many requests failed (must be none) and what stayed resident.
/// </summary>
internal static class MemoryBenchmark
{
    private const int PerBatch = 100;
    private const int ProbeEntities = 100_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var entities = options.GetInt("--entities", 1_000_000);
        var heapLimitMiB = options.GetInt("--heap-limit-mb", 1024);
        await using var flux = await ServerProcess.StartFluxAsync(environment: new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x" + ((long)heapLimitMiB << 20).ToString("X", CultureInfo.InvariantCulture),
            ["FLUX_GRAIN_IDLE_SECONDS"] = "86400",
        });
        using var http = new HttpClient { BaseAddress = new Uri(flux.Address), Timeout = TimeSpan.FromMinutes(2) };
        var baseline = await MetricsAsync(http);

        var started = DateTime.UtcNow;
        var failed = await PublishDistinctAsync(http, "mem/e-", 0, Math.Min(ProbeEntities, entities));
        var probe = await MetricsAsync(http);
        var maxRss = probe["process_resident_memory_bytes"];
        var maxRssLock = new object();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var rss = (double)flux.ResidentBytes();
                lock (maxRssLock)
                    maxRss = Math.Max(maxRss, rss);
                await Task.Delay(200);
            }
        });
        failed += await PublishDistinctAsync(http, "mem/e-", ProbeEntities, Math.Max(0, entities - ProbeEntities));
        await sampling.CancelAsync();
        await sampler;
        var publishSeconds = (DateTime.UtcNow - started).TotalSeconds;
        var loaded = await MetricsAsync(http);

        HttpBenchmark.Print("memory-entities-published", entities, "entities");
        HttpBenchmark.Print("memory-publish-rate", entities / publishSeconds, "events/s");
        HttpBenchmark.Print("memory-failed-requests", failed, "requests");
        HttpBenchmark.Print("memory-heap-limit", heapLimitMiB, "MiB");
        if (probe["flux_grain_deactivations_total"] == 0)
        {
            var heapPerEntity = (probe["dotnet_gc_heap_size_bytes"] - baseline["dotnet_gc_heap_size_bytes"])
                / Math.Max(1, probe["flux_grain_activations"] - baseline["flux_grain_activations"]);
            HttpBenchmark.Print("memory-heap-bytes-per-resident-entity", heapPerEntity, "bytes");
        }
        HttpBenchmark.Print("memory-rss-baseline", baseline["process_resident_memory_bytes"] / 1048576, "MiB");
        HttpBenchmark.Print("memory-rss-max", maxRss / 1048576, "MiB");
        HttpBenchmark.Print("memory-resident-activations", loaded["flux_grain_activations"], "grains");
        HttpBenchmark.Print("memory-shed-activations", loaded["flux_grain_deactivations_total"], "grains");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Publishes entities <paramref name="first"/>.. of <paramref name="prefix"/> from 8 clients; returns how many requests failed.</summary>
    public static async Task<int> PublishDistinctAsync(HttpClient http, string prefix, int first, int count)
    {
        var next = first - PerBatch;
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var start = Interlocked.Add(ref next, PerBatch); start < first + count; start = Interlocked.Add(ref next, PerBatch))
            {
                var body = new StringBuilder("{\"events\":[");
                for (var i = start; i < Math.Min(start + PerBatch, first + count); i++)
                {
                    if (i > start)
                        body.Append(',');
                    body.Append("{\"stream\":\"mem\",\"source\":\"mem\",\"payload\":{\"entity_id\":\"").Append(prefix).Append(i).Append("\",\"properties\":{");
                    for (var p = 0; p < 10; p++)
                        body.Append(p == 0 ? "" : ",").Append("\"p").Append(p).Append("\":").Append(i % 1000 + p);
                    body.Append("}}}");
                }
                body.Append("]}");
                using var response = await http.PostAsync("/api/events/batch", new StringContent(body.ToString(), Encoding.UTF8, "application/json"));
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failed);
            }
        }));
        return failed;
    }

    public static async Task<Dictionary<string, double>> MetricsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
