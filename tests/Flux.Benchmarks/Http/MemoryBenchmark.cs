using System.Globalization;
using System.Text;

namespace Flux.Benchmarks.Http;

/// <summary>
/// <c>memory</c>: publishes to N distinct entities (default 1,000,000; 10 small properties each) through
/// the batch endpoint, then reads the server's resident memory and grain activations: bytes per resident
/// entity while the activation cap holds, and memory once idle entities are collected.
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var entities = options.GetInt("--entities", 1_000_000);
        var cap = options.GetInt("--max-activations", 100_000);
        const int idleSeconds = 20;
        await using var flux = await ServerProcess.StartFluxAsync(environment: new Dictionary<string, string>
        {
            ["FLUX_MAX_ACTIVATIONS"] = cap.ToString(CultureInfo.InvariantCulture),
            ["FLUX_GRAIN_IDLE_SECONDS"] = idleSeconds.ToString(CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { BaseAddress = new Uri(flux.Address), Timeout = TimeSpan.FromMinutes(2) };
        var baseline = await MetricsAsync(http);

        const int perBatch = 100;
        var next = -1;
        var started = DateTime.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var first = Interlocked.Add(ref next, perBatch) - perBatch + 1; first < entities; first = Interlocked.Add(ref next, perBatch) - perBatch + 1)
            {
                var body = new StringBuilder("{\"events\":[");
                for (var i = first; i < Math.Min(first + perBatch, entities); i++)
                {
                    if (i > first)
                        body.Append(',');
                    body.Append("{\"stream\":\"mem\",\"source\":\"mem\",\"payload\":{\"entity_id\":\"mem/e-").Append(i).Append("\",\"properties\":{");
                    for (var p = 0; p < 10; p++)
                        body.Append(p == 0 ? "" : ",").Append("\"p").Append(p).Append("\":").Append(i % 1000 + p);
                    body.Append("}}}");
                }
                body.Append("]}");
                using var response = await http.PostAsync("/api/events/batch", new StringContent(body.ToString(), Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }
        }));
        var publishSeconds = (DateTime.UtcNow - started).TotalSeconds;

        var loaded = await MetricsAsync(http);
        var activations = loaded["flux_grain_activations"];
        HttpBenchmark.Print("memory-entities-published", entities, "entities");
        HttpBenchmark.Print("memory-publish-rate", entities / publishSeconds, "events/s");
        HttpBenchmark.Print("memory-resident-activations", activations, "grains");
        HttpBenchmark.Print("memory-activation-cap", cap, "grains");
        HttpBenchmark.Print("memory-rss-baseline", baseline["process_resident_memory_bytes"] / 1048576, "MiB");
        HttpBenchmark.Print("memory-rss-loaded", loaded["process_resident_memory_bytes"] / 1048576, "MiB");
        HttpBenchmark.Print("memory-heap-loaded-at-last-gc", loaded["dotnet_gc_heap_size_bytes"] / 1048576, "MiB");
        HttpBenchmark.Print("memory-heap-bytes-per-resident-entity",
            (loaded["dotnet_gc_heap_size_bytes"] - baseline["dotnet_gc_heap_size_bytes"]) / Math.Max(1, activations), "bytes");

        await Task.Delay(TimeSpan.FromSeconds(idleSeconds * 2));
        var idle = await MetricsAsync(http);
        HttpBenchmark.Print("memory-idle-activations", idle["flux_grain_activations"], "grains");
        // The runtime keeps pages it once used, so RSS shows the high-water mark rather than what is live.
        HttpBenchmark.Print("memory-rss-idle", idle["process_resident_memory_bytes"] / 1048576, "MiB");
        return 0;
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
