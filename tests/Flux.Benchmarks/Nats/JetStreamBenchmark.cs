using System.Diagnostics;
using System.Globalization;
using Flux.Benchmarks.Http;
using Flux.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Flux.Benchmarks.Nats;

/// <summary>
/// <c>jetstream</c>: the raw JetStream limit Flux's NATS path is measured against. A nats-server of the
/// test helper, one file-storage stream; N acked publishes through NATS.Net with a Msg-Id, at most W in
/// flight, then one-at-a-time ack latency.
/// </summary>
internal static class JetStreamBenchmark
{
    private const string Stream = "BENCH";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var count = options.GetInt("--count", 200_000);
        var size = options.GetInt("--size", 200);
        var window = options.GetInt("--window", 256);
        var syncCount = options.GetInt("--sync-count", 2_000);
        var syncInterval = options.Get("--sync-interval", "1s");

        await using var server = new NatsServer(syncInterval);
        await server.StartAsync();
        await using var nats = new NatsConnection(new NatsOpts { Url = server.Url, Name = "flux-bench" });
        var js = nats.CreateJetStreamContext();
        await js.CreateStreamAsync(new StreamConfig(Stream, ["bench.>"]) { Storage = StreamConfigStorage.File });
        var payload = new byte[size];
        Array.Fill(payload, (byte)'a');
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jetstream: count={count} size={size} window={window} sync-count={syncCount} sync-interval={syncInterval}"));

        // Warm-up, not measured: tiered JIT promotes the client's hot paths only after a few seconds of
        // use; a cold first 100,000 ran at a third of the warm rate.
        var warm = Stopwatch.StartNew();
        for (var round = 0; warm.Elapsed < TimeSpan.FromSeconds(4); round++)
            await PublishWindowedAsync(js, payload, 20_000, window, $"warm{round}");
        await AckLatenciesAsync(js, "bench.sync", payload, 500);
        await js.PurgeStreamAsync(Stream, new StreamPurgeRequest());

        var elapsed = Stopwatch.StartNew();
        await PublishWindowedAsync(js, payload, count, window, "run");
        var rate = count / elapsed.Elapsed.TotalSeconds;
        var stored = (await js.GetStreamAsync(Stream)).Info.State.Messages;
        if (stored != count)
        {
            Console.Error.WriteLine($"expected {count} stored messages, found {stored}");
            return 2;
        }

        var latencies = await AckLatenciesAsync(js, "bench.sync", payload, syncCount);
        HttpBenchmark.Print("jetstream-publish", rate, "msg/s");
        HttpBenchmark.Print("jetstream-ack-p50", Percentile(latencies, 0.50), "us");
        HttpBenchmark.Print("jetstream-ack-p99", Percentile(latencies, 0.99), "us");
        return 0;
    }

    /// <summary>Keeps up to <paramref name="window"/> publishes in flight, each with its own Msg-Id.</summary>
    private static async Task PublishWindowedAsync(INatsJSContext js, byte[] payload, int count, int window, string idPrefix)
    {
        var inFlight = new Queue<ValueTask<PubAckResponse>>(window);
        for (var i = 0; i < count; i++)
        {
            if (inFlight.Count == window) (await inFlight.Dequeue()).EnsureSuccess();
            var msgId = string.Create(CultureInfo.InvariantCulture, $"{idPrefix}-{i}");
            inFlight.Enqueue(js.PublishAsync("bench.e", payload, opts: new NatsJSPubOpts { MsgId = msgId }));
        }

        while (inFlight.Count > 0) (await inFlight.Dequeue()).EnsureSuccess();
    }

    /// <summary>One publish at a time, each awaiting its ack: the latencies in microseconds, sorted.</summary>
    internal static async Task<double[]> AckLatenciesAsync(INatsJSContext js, string subject, byte[] payload, int count)
    {
        var micros = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            (await js.PublishAsync(subject, payload)).EnsureSuccess();
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(micros);
        return micros;
    }

    internal static double Percentile(double[] sorted, double fraction) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * fraction))];
}
