using System.Globalization;

namespace Flux.Benchmarks.Http;

/// <summary>
/// <c>http</c>: Flux's HTTP hot paths under wrk, each next to the same request against raw Kestrel in
/// this run. Prints <c>name: value unit</c> lines. Durable throughout: every 200 is an fsynced commit.
/// </summary>
internal static class HttpBenchmark
{
    private const int Connections = 64;

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

    // 100 events a request, each for a distinct entity out of 100,000; bodies built once, then cycled.
    private const string BatchScript = """
        bodies = {}
        for b = 1, 64 do
          local events = {}
          for i = 1, 100 do
            events[i] = '{"stream":"sensors","source":"agent-' .. (i % 16) .. '","payload":{"entity_id":"batch/e-' .. math.random(1, 100000) .. '","properties":{"temperature":' .. i .. ',"status":"ok"}}}'
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
        var seconds = TimeSpan.FromSeconds(Option(args, "--seconds", 10));

        Wrk.Result rawPost, rawGet;
        await using (var raw = await RawKestrel.StartAsync(FluxProcess.FreePort()))
        {
            await Wrk.RunAsync(raw.Address, PublishScript, Connections, TimeSpan.FromSeconds(2));
            rawPost = await Wrk.RunAsync(raw.Address, PublishScript, Connections, seconds);
            rawGet = await Wrk.RunAsync(raw.Address, ReadScript, Connections, seconds);
        }
        Print("raw-kestrel-post", rawPost.RequestsPerSecond, "req/s");
        Print("raw-kestrel-get", rawGet.RequestsPerSecond, "req/s");

        await using var flux = await FluxProcess.StartAsync();
        await Wrk.RunAsync(flux.Address, PublishScript, Connections, TimeSpan.FromSeconds(3));
        var publish = await Wrk.RunAsync(flux.Address, PublishScript, Connections, seconds);
        Print("publish-single", publish.RequestsPerSecond, "req/s");
        Print("publish-single-p99", publish.P99Ms, "ms");
        Print("publish-single-vs-raw-kestrel", publish.RequestsPerSecond / rawPost.RequestsPerSecond, "ratio");

        var batch = await Wrk.RunAsync(flux.Address, BatchScript, 16, seconds);
        Print("publish-batch-100", batch.RequestsPerSecond * 100, "events/s");
        Print("publish-batch-100-p99", batch.P99Ms, "ms");

        var get = await Wrk.RunAsync(flux.Address, ReadScript, Connections, seconds);
        Print("get-entity", get.RequestsPerSecond, "req/s");
        Print("get-entity-vs-raw-kestrel", get.RequestsPerSecond / rawGet.RequestsPerSecond, "ratio");

        foreach (var result in new[] { publish, batch, get })
            if (result.Non2xx > 0)
                Console.Error.WriteLine($"warning: {result.Non2xx} responses were not 2xx");

        var live = await LiveDeliveryBenchmark.MeasureAsync(flux.Address, subscribers: 100, eventsPerSecond: 5000, TimeSpan.FromSeconds(Option(args, "--live-seconds", 5)));
        Print("live-delivery-100-subs-5000eps-p50", live.P50Ms, "ms");
        Print("live-delivery-100-subs-5000eps-p99", live.P99Ms, "ms");
        Print("live-delivery-100-subs-5000eps-delivered", live.DeliveredFraction, "fraction");
        return 0;
    }

    internal static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.###} {unit}"));

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
