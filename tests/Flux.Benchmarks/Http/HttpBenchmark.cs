using System.Globalization;

namespace Flux.Benchmarks.Http;

/// <summary>
/// <c>http</c>: Flux's HTTP hot paths under wrk, each next to the same request against raw Kestrel in
/// this run. Prints <c>name: value unit</c> lines. Durable throughout: every 200 is an fsynced commit.
/// </summary>
internal static class HttpBenchmark
{
    private const int Connections = 64;
    private const string WriterThreadName = "Flux SQLite writer";

    // Distinct entities, as many agents would publish; 1,000 of them so reads hit existing entities.
    private const string PublishScript = """
        counter = 0
        request = function()
          counter = counter + 1
          local body = '{"stream":"sensors","source":"agent-' .. (counter % 16) .. '","payload":{"entity_id":"bench/e-' .. math.random(1, 1000) .. '","properties":{"temperature":22.5,"status":"ok"}}}'
          return wrk.format("POST", "/api/events", {["Content-Type"]="application/json"}, body)
        end
        """;

    private const string ReadScript = """
        request = function()
          return wrk.format("GET", "/api/state/entities/bench%2Fe-" .. math.random(1, 1000))
        end
        """;

    // 100 events a request, each for one of 10,000 entities; bodies built once, then cycled.
    private const string BatchScript = """
        bodies = {}
        for b = 1, 64 do
          local events = {}
          for i = 1, 100 do
            events[i] = '{"stream":"sensors","source":"agent-' .. (i % 16) .. '","payload":{"entity_id":"batch/e-' .. math.random(1, 10000) .. '","properties":{"temperature":' .. i .. ',"status":"ok"}}}'
          end
          bodies[b] = '{"events":[' .. table.concat(events, ",") .. ']}'
        end
        counter = 0
        request = function()
          counter = counter + 1
          return wrk.format("POST", "/api/events/batch", {["Content-Type"]="application/json"}, bodies[(counter % 64) + 1])
        end
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var seconds = TimeSpan.FromSeconds(options.GetInt("--seconds", 10));

        // Tiered JIT compiles Flux's hot paths for the first ~7 s under load; measure the steady state after
        // it, and give raw Kestrel the same warm-up.
        var warmup = TimeSpan.FromSeconds(options.GetInt("--warmup", 10));

        Wrk.Result rawPost, rawGet;
        LiveDeliveryBenchmark.Result rawLive;
        var liveSeconds = TimeSpan.FromSeconds(options.GetInt("--live-seconds", 5));
        await using (var raw = await ServerProcess.StartRawKestrelAsync())
        {
            await Wrk.RunAsync(raw.Address, PublishScript, Connections, warmup);
            rawPost = await MeasureAsync("raw-kestrel-post", raw.ProcessId, () => Wrk.RunAsync(raw.Address, PublishScript, Connections, seconds), 1);
            rawGet = await MeasureAsync("raw-kestrel-get", raw.ProcessId, () => Wrk.RunAsync(raw.Address, ReadScript, Connections, seconds), 1);
            rawLive = await LiveDeliveryBenchmark.MeasureAfterWarmupAsync(raw.Address, liveSeconds, LiveDeliveryBenchmark.DefaultWarmup);
        }

        // The same POST answered only once fsynced, with group commit and nothing else: what durability alone
        // leaves of raw Kestrel's rate on this machine, the practical limit for a durable single publish here.
        Wrk.Result rawDurablePost;
        await using (var raw = await ServerProcess.StartRawKestrelAsync(durable: true))
        {
            await Wrk.RunAsync(raw.Address, PublishScript, Connections, warmup);
            rawDurablePost = await MeasureAsync("raw-kestrel-durable-post", raw.ProcessId, () => Wrk.RunAsync(raw.Address, PublishScript, Connections, seconds), 1);
        }

        await using var flux = await ServerProcess.StartFluxAsync();
        await Wrk.RunAsync(flux.Address, PublishScript, Connections, warmup);
        var publish = await MeasureAsync("publish-single", flux.ProcessId, () => Wrk.RunAsync(flux.Address, PublishScript, Connections, seconds), 1, writes: true);
        Print("publish-single-p99", publish.P99Ms, "ms");
        Print("publish-single-vs-raw-kestrel", publish.RequestsPerSecond / rawPost.RequestsPerSecond, "ratio");
        Print("publish-single-vs-raw-kestrel-durable", publish.RequestsPerSecond / rawDurablePost.RequestsPerSecond, "ratio");
        Print("raw-kestrel-durable-vs-raw-kestrel", rawDurablePost.RequestsPerSecond / rawPost.RequestsPerSecond, "ratio");

        await Wrk.RunAsync(flux.Address, BatchScript, 16, TimeSpan.FromSeconds(3));
        var batch = await MeasureAsync("publish-batch-100", flux.ProcessId, () => Wrk.RunAsync(flux.Address, BatchScript, 16, seconds), 100, writes: true);
        Print("publish-batch-100-p99", batch.P99Ms, "ms");

        var get = await MeasureAsync("get-entity", flux.ProcessId, () => Wrk.RunAsync(flux.Address, ReadScript, Connections, seconds), 1);
        Print("get-entity-vs-raw-kestrel", get.RequestsPerSecond / rawGet.RequestsPerSecond, "ratio");

        foreach (var result in new[] { publish, batch, get })
            if (result.Non2xx > 0)
                Console.Error.WriteLine($"warning: {result.Non2xx} responses were not 2xx");

        LiveDeliveryBenchmark.Report(LiveDeliveryBenchmark.RawKestrelPrefix, rawLive);
        LiveDeliveryBenchmark.Report("", await LiveDeliveryBenchmark.MeasureAfterWarmupAsync(flux.Address, liveSeconds, LiveDeliveryBenchmark.DefaultWarmup));
        return 0;
    }

    /// <summary>
    /// Runs one load, printing its rate and the server's CPU time per item (request or event); for writes
    /// also the part Flux's storage writer thread used, which is where durability's cost shows.
    /// </summary>
    private static async Task<Wrk.Result> MeasureAsync(string name, int serverProcessId, Func<Task<Wrk.Result>> load, int itemsPerRequest,
        bool writes = false)
    {
        var cpuBefore = ProcessCpu.Used(serverProcessId);
        var writerBefore = writes ? ProcessCpu.UsedByThreads(serverProcessId, WriterThreadName) : TimeSpan.Zero;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var result = await load();
        var cpu = ProcessCpu.Used(serverProcessId) - cpuBefore;
        var items = result.RequestsPerSecond * itemsPerRequest * wall.Elapsed.TotalSeconds;
        var unit = itemsPerRequest == 1 ? "us/req" : "us/event";
        Print(name, result.RequestsPerSecond * itemsPerRequest, itemsPerRequest == 1 ? "req/s" : "events/s");
        Print(name + "-server-cpu", cpu.TotalMicroseconds / items, unit);
        if (writes)
            Print(name + "-writer-cpu", (ProcessCpu.UsedByThreads(serverProcessId, WriterThreadName) - writerBefore).TotalMicroseconds / items, unit);
        return result;
    }

    internal static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.###} {unit}"));
}
