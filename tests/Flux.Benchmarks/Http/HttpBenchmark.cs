using System.Globalization;

namespace Flux.Benchmarks.Http;

/// <summary>
/// <c>http</c>: Flux's HTTP hot paths under wrk, each next to the same request against raw Kestrel in
/// this run. Prints <c>name: value unit</c> lines. Durable throughout: every 200 is an fsynced commit.
/// </summary>
internal static class HttpBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var seconds = TimeSpan.FromSeconds(options.GetInt("--seconds", 10));

        // Measure the steady state after the JIT's warm-up (BenchArgs.Warmup), and give raw Kestrel the same.
        var warmup = options.Warmup();

        Measurement rawPost, rawGet;
        LiveDeliveryBenchmark.Result rawLive;
        var liveSeconds = TimeSpan.FromSeconds(options.GetInt("--live-seconds", 5));
        await using (var raw = await ServerProcess.StartRawKestrelAsync())
        {
            await Wrk.RunAsync(raw.Address, HttpLoad.PublishSingle, warmup);
            rawPost = await Measurement.TakeAsync(raw, HttpLoad.PublishSingle, seconds);
            Print("raw-kestrel-post", rawPost);
            rawGet = await Measurement.TakeAsync(raw, HttpLoad.GetEntity, seconds);
            Print("raw-kestrel-get", rawGet);
            rawLive = await LiveDeliveryBenchmark.MeasureAfterWarmupAsync(raw.Address, liveSeconds, LiveDeliveryBenchmark.DefaultWarmup);
        }

        // The same POST answered only once fsynced, with group commit and nothing else: what durability alone
        // leaves of raw Kestrel's rate on this machine, the practical limit for a durable single publish here.
        Measurement rawDurablePost;
        await using (var raw = await ServerProcess.StartRawKestrelAsync(durable: true))
        {
            await Wrk.RunAsync(raw.Address, HttpLoad.PublishSingle, warmup);
            rawDurablePost = await Measurement.TakeAsync(raw, HttpLoad.PublishSingle, seconds);
            Print("raw-kestrel-durable-post", rawDurablePost);
        }

        await using var flux = await ServerProcess.StartFluxAsync();
        var figures = await FluxHotPaths.MeasureAsync(flux, seconds, warmup, liveSeconds, LiveDeliveryBenchmark.DefaultWarmup);
        var publish = figures.PublishSingle;
        Print("publish-single", publish, writes: true);
        Print("publish-single-p99", publish.Run.P99Ms, "ms");
        Print("publish-single-vs-raw-kestrel", publish.ItemsPerSecond / rawPost.ItemsPerSecond, "ratio");
        Print("publish-single-vs-raw-kestrel-durable", publish.ItemsPerSecond / rawDurablePost.ItemsPerSecond, "ratio");
        Print("raw-kestrel-durable-vs-raw-kestrel", rawDurablePost.ItemsPerSecond / rawPost.ItemsPerSecond, "ratio");

        Print("publish-batch-100", figures.PublishBatch, writes: true);
        Print("publish-batch-100-p99", figures.PublishBatch.Run.P99Ms, "ms");

        Print("get-entity", figures.GetEntity);
        Print("get-entity-vs-raw-kestrel", figures.GetEntity.ItemsPerSecond / rawGet.ItemsPerSecond, "ratio");

        LiveDeliveryBenchmark.Report(LiveDeliveryBenchmark.RawKestrelPrefix, rawLive);
        LiveDeliveryBenchmark.Report("", figures.Live);
        return 0;
    }

    /// <summary>A run's rate and the server's CPU time per item; for writes also the storage writer thread's part.</summary>
    private static void Print(string name, Measurement measured, bool writes = false)
    {
        Print(name, measured.ItemsPerSecond, measured.RateUnit);
        Print(name + "-server-cpu", measured.ServerCpuUsPerItem, measured.CpuUnit);
        if (writes)
            Print(name + "-writer-cpu", measured.WriterCpuUsPerItem, measured.CpuUnit);
    }

    internal static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.###} {unit}"));
}
