using System.Diagnostics;
using Flux.Nats;
using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;

namespace Flux.Benchmarks.Nats;

/// <summary>
/// JetStream publish to a file-storage stream: one-at-a-time latency (awaiting each ack) and the
/// pipelined rate (at most <c>--window</c> un-acked). Then the npm nats client does the same on the
/// same server, and the last line prints our pipelined rate.
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
        Console.WriteLine($"nats-publish: url={url} count={count} size={size} window={window} sync-count={syncCount}");

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

        var (p50, p99) = await LatencyAsync(js, payload, syncCount);
        Console.WriteLine($"flux  one-at-a-time: p50 {p50:0} us, p99 {p99:0} us ({syncCount} publishes)");
        await js.PurgeStreamAsync(Stream);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var rate = await PipelinedAsync(js, payload, count, window);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var stored = (await js.GetStreamAsync(Stream)).State.Messages;
        Console.WriteLine($"flux  pipelined:     {rate:0} msg/s ({stored} stored, client CPU {cpu.TotalMicroseconds / count:0.0} us/msg)");
        await js.DeleteStreamAsync(Stream);
        if (stored != (ulong)count) { Console.Error.WriteLine($"expected {count} stored messages, found {stored}"); return 2; }

        if (!args.Has("--no-node"))
        {
            var node = await NodeReference.RunAsync(url, count, size, window, syncCount);
            if (node is not null)
            {
                Console.WriteLine($"npm   one-at-a-time: p50 {node.P50Micros:0} us, p99 {node.P99Micros:0} us");
                Console.WriteLine($"npm   pipelined:     {node.MsgsPerSecond:0} msg/s ({node.StreamMsgs} stored, client CPU {node.CpuMicrosPerMsg:0.0} us/msg)");
                Console.WriteLine($"ratio flux/npm: pipelined {rate / node.MsgsPerSecond:0.00}x, p50 latency {p50 / node.P50Micros:0.00}x, p99 latency {p99 / node.P99Micros:0.00}x");
            }
        }
        Console.WriteLine($"nats-publish: {rate:0} msg/s");
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
