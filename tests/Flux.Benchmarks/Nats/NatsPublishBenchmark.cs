using System.Diagnostics;
using Flux.Nats;
using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;

namespace Flux.Benchmarks.Nats;

/// <summary>
/// JetStream publish to a file-storage stream: one-at-a-time latency (awaiting each ack) and the
/// pipelined rate (at most <c>--window</c> un-acked). Rounds alternate with the npm nats client doing
/// the same on the same server; medians are compared, and the last line prints our median rate.
/// </summary>
internal static class NatsPublishBenchmark
{
    private const string Stream = "BENCH_FLUX";

    public static async Task<int> RunAsync(string[] argv)
    {
        var args = new BenchArgs(argv);
        var url = args.Get("--url", "nats://127.0.0.1:4222");
        var count = args.GetInt("--count", 200_000);
        var size = args.GetInt("--size", 200);
        var window = args.GetInt("--window", 2000);
        var syncCount = args.GetInt("--sync-count", 2000);
        var rounds = args.GetInt("--rounds", 3);
        Console.WriteLine($"nats-publish: url={url} count={count} size={size} window={window} sync-count={syncCount} rounds={rounds}");

        await using var nats = new NatsConnection(new NatsOpts { Url = url, Name = "flux-bench" });
        await nats.ConnectAsync();
        var js = new NatsJSContext(nats);
        try { await js.DeleteStreamAsync(Stream); } catch (NatsJSApiException) { }
        await js.CreateStreamAsync(new StreamConfig(Stream, ["bench.flux.>"]) { Storage = StreamConfigStorage.File });
        var payload = new byte[size];
        Array.Fill(payload, (byte)'a');

        // Warm-up, not measured: tiered JIT promotes the hot paths only after a second or so of use.
        var warm = Stopwatch.StartNew();
        for (var round = 0; round < 3 || warm.Elapsed < TimeSpan.FromSeconds(2); round++)
        {
            await PipelinedAsync(js, payload, 20_000, window);
            for (var i = 0; i < 200; i++) await js.PublishAsync("bench.flux.warm", payload);
            await js.PurgeStreamAsync(Stream);
        }

        // The machine is shared and noisy: alternate the two clients round by round and compare medians.
        var flux = new List<(double Rate, double P50, double P99, double Cpu)>();
        var npm = new List<NodeReference.Result>();
        var useNode = !args.Has("--no-node");
        for (var round = 1; round <= rounds; round++)
        {
            var (p50, p99) = await LatencyAsync(js, payload, syncCount);
            await js.PurgeStreamAsync(Stream);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var rate = await PipelinedAsync(js, payload, count, window);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var stored = (await js.GetStreamAsync(Stream)).State.Messages;
            await js.PurgeStreamAsync(Stream);
            if (stored != (ulong)count) { Console.Error.WriteLine($"expected {count} stored messages, found {stored}"); return 2; }
            flux.Add((rate, p50, p99, cpu.TotalMicroseconds / count));
            Console.WriteLine($"round {round} flux: {rate,8:0} msg/s  p50 {p50,6:0} us  p99 {p99,7:0} us  client CPU {cpu.TotalMicroseconds / count:0.0} us/msg");

            if (!useNode) continue;
            var node = await NodeReference.RunAsync(url, count, size, window, syncCount);
            if (node is null) { useNode = false; continue; }
            npm.Add(node);
            Console.WriteLine($"round {round} npm:  {node.MsgsPerSecond,8:0} msg/s  p50 {node.P50Micros,6:0} us  p99 {node.P99Micros,7:0} us  client CPU {node.CpuMicrosPerMsg:0.0} us/msg");
        }
        await js.DeleteStreamAsync(Stream);

        var fluxRate = Median(flux.Select(f => f.Rate));
        var (fluxP50, fluxP99) = (Median(flux.Select(f => f.P50)), Median(flux.Select(f => f.P99)));
        Console.WriteLine($"flux  median: pipelined {fluxRate:0} msg/s, one-at-a-time p50 {fluxP50:0} us, p99 {fluxP99:0} us");
        if (npm.Count == rounds)
        {
            var npmRate = Median(npm.Select(n => n.MsgsPerSecond));
            var (npmP50, npmP99) = (Median(npm.Select(n => n.P50Micros)), Median(npm.Select(n => n.P99Micros)));
            Console.WriteLine($"npm   median: pipelined {npmRate:0} msg/s, one-at-a-time p50 {npmP50:0} us, p99 {npmP99:0} us");
            Console.WriteLine($"flux/npm: pipelined rate {fluxRate / npmRate:0.00}x, p50 latency {fluxP50 / npmP50:0.00}x, p99 latency {fluxP99 / npmP99:0.00}x");
        }
        Console.WriteLine($"nats-publish: {fluxRate:0} msg/s");
        return 0;
    }

    private static async Task<double> PipelinedAsync(NatsJSContext js, byte[] payload, int count, int window)
    {
        await using var publisher = js.CreatePublisher(window);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) await publisher.PublishAsync("bench.flux.e", payload);
        await publisher.FlushAsync();
        return count / sw.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(sorted.Length - 1) / 2]; // lower median for even counts
    }

    private static async Task<(double p50, double p99)> LatencyAsync(NatsJSContext js, byte[] payload, int count)
    {
        var micros = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await js.PublishAsync("bench.flux.sync", payload);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(micros);
        return (micros[count / 2], micros[Math.Min(count - 1, (int)(count * 0.99))]);
    }
}
