using System.Diagnostics;
using System.Globalization;
using System.Text;
using Flux.Benchmarks.Http;
using Flux.Storage;
using Flux.Storage.JetStream;
using Flux.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Flux.Benchmarks.Nats;

/// <summary>
/// <c>jetstream-log</c>: appends through <see cref="JetStreamEventLog"/> (one event and 100 events per append,
/// distinct entities, W in flight) beside raw NATS.Net publishing of the same bytes in the same run; then, on a
/// stream of many messages, history (limit 100) and replay latency of entities with 1,000 events, beside a raw
/// direct-get next_by_subj loop over the same messages.
/// </summary>
internal static class JetStreamLogBenchmark
{
    private sealed class NoIndex : IEntityIndexWriter
    {
        public void Enqueue(EntitySnapshot state) { }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var singles = options.GetInt("--singles", 20_000);
        var batches = options.GetInt("--batches", 400);
        var window = options.GetInt("--window", 256);
        var filler = options.GetInt("--filler", 300_000);
        var readers = options.GetInt("--entities", 20);
        var reads = options.GetInt("--reads", 500);

        await using var server = new NatsServer("1s");
        await server.StartAsync();
        await using var log = await OpenAsync(server.Url, "LOG");
        await using var nats = new NatsConnection(new NatsOpts { Url = server.Url, Name = "flux-bench-raw" });
        var js = nats.CreateJetStreamContext();
        await js.CreateStreamAsync(new StreamConfig("RAW", ["RAW.>"]) { Storage = StreamConfigStorage.File, AllowDirect = true });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jetstream-log: singles={singles} batches={batches}x100 window={window} filler={filler} entities={readers}x1000 reads={reads}"));

        // Warm-up, not measured: the JIT and the server's caches.
        await AppendManyAsync(log, "warm", 5_000, 1, window);
        await PublishManyAsync(js, "warm", 5_000, 1, window);

        var logSingles = await AppendManyAsync(log, "s", singles, 1, window);
        var rawSingles = await PublishManyAsync(js, "s", singles, 1, window);
        var logBatches = await AppendManyAsync(log, "b", batches, 100, window / 4);
        var rawBatches = await PublishManyAsync(js, "b", batches, 100, window / 4);
        HttpBenchmark.Print("jetstream-log-append-single", logSingles, "events/s");
        HttpBenchmark.Print("jetstream-raw-publish-single", rawSingles, "msg/s");
        HttpBenchmark.Print("jetstream-log-append-single-ratio", logSingles / rawSingles, "x");
        HttpBenchmark.Print("jetstream-log-append-batch100", logBatches, "events/s");
        HttpBenchmark.Print("jetstream-raw-publish-batch100", rawBatches, "events/s");
        HttpBenchmark.Print("jetstream-log-append-batch100-ratio", logBatches / rawBatches, "x");

        // A large stream: the read entities' 1,000 events each, interleaved with filler on many other subjects.
        var fillerPerRound = filler / 1000;
        var payload = Encoding.UTF8.GetBytes(new string('f', 200));
        for (var round = 0; round < 1000; round++)
        {
            var appends = Enumerable.Range(0, readers).Select(r => log.AppendAsync(new AppendBatch([Event($"h{r}-{round}", $"reader-{r}", 1)])));
            var fill = Enumerable.Range(0, fillerPerRound).Select(i => js.PublishAsync($"LOG.filler.{(round * fillerPerRound + i) % 50_000}", payload, cancellationToken: default).AsTask());
            await Task.WhenAll(appends);
            await Task.WhenAll(fill);
        }

        var history = new double[reads];
        var replay = new double[reads / 5];
        var replayTail = new double[reads];
        var rawReplay = new double[reads / 5];
        var tailFrom = (await log.ReadHistoryAsync("reader-0", DateTimeOffset.MinValue, 11))[^1].Position;
        var stream = await js.GetStreamAsync("LOG");
        for (var i = 0; i < reads; i++)
        {
            var entity = $"reader-{i % readers}";
            history[i] = await TimedAsync(async () => Check(100, (await log.ReadHistoryAsync(entity, DateTimeOffset.MinValue, 100)).Count));
            replayTail[i] = await TimedAsync(async () => Check(10, await CountAsync(log.ReadEntityAsync("reader-0", tailFrom))));
        }

        for (var i = 0; i < replay.Length; i++)
        {
            var entity = $"reader-{i % readers}";
            replay[i] = await TimedAsync(async () => Check(1000, await CountAsync(log.ReadEntityAsync(entity, 0))));
            rawReplay[i] = await TimedAsync(async () => Check(1000, await NextBySubjectAsync(stream, EntitySubject(entity))));
        }

        var info = await js.GetStreamAsync("LOG");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"jetstream-log: stream LOG holds {info.Info.State.Messages} messages on {info.Info.State.NumSubjects} subjects"));
        Print("jetstream-log-history100", history);
        Print("jetstream-log-replay10", replayTail);
        Print("jetstream-log-replay1000", replay);
        Print("jetstream-raw-next-by-subj-replay1000", rawReplay);
        return 0;
    }

    private static async Task<JetStreamEventLog> OpenAsync(string url, string stream)
    {
        var log = new JetStreamEventLog(new JetStreamOptions { Url = url, Stream = stream, RequestTimeout = TimeSpan.FromSeconds(10) }, new RetentionPolicy(0, 0), new NoIndex());
        await log.StartAsync();
        return log;
    }

    /// <summary>An event as the log stores it: about 200 bytes of envelope for one entity.</summary>
    internal static EventRecord Event(string id, string entity, int _) =>
        new(id, entity, "bench", DateTimeOffset.UtcNow,
            Encoding.UTF8.GetBytes("{\"eventId\":\"" + id + "\",\"stream\":\"bench\",\"source\":\"bench\",\"timestamp\":1767225600123,\"payload\":{\"entity_id\":\"" + entity
                + "\",\"properties\":{\"pressure\":3.5,\"note\":\"abcdefghijklmnopqrstuvwxyz0123456789\"}}}"));

    /// <summary>Appends through the log, one entity per append, at most <paramref name="window"/> in flight; events per second.</summary>
    private static async Task<double> AppendManyAsync(JetStreamEventLog log, string prefix, int appends, int size, int window)
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new Queue<Task<IReadOnlyList<AppendResult>>>();
        for (var i = 0; i < appends; i++)
        {
            if (inFlight.Count == window) await inFlight.Dequeue();
            var entity = $"{prefix}-entity-{i}";
            inFlight.Enqueue(log.AppendAsync(new AppendBatch([.. Enumerable.Range(0, size).Select(k => Event($"{prefix}-{i}-{k}", entity, k))])));
        }

        while (inFlight.Count > 0) await inFlight.Dequeue();
        return appends * size / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same bytes as the log would store, published raw with a Msg-Id on distinct subjects; events per second.</summary>
    private static async Task<double> PublishManyAsync(INatsJSContext js, string prefix, int appends, int size, int window)
    {
        var messages = Enumerable.Range(0, appends).Select(i => new EventMessage([], $"{prefix}-entity-{i}",
            [.. Enumerable.Range(0, size).Select(k => Event($"{prefix}-{i}-{k}", $"{prefix}-entity-{i}", k))]).Encode()).ToArray();
        var clock = Stopwatch.StartNew();
        var inFlight = new Queue<ValueTask<PubAckResponse>>();
        for (var i = 0; i < appends; i++)
        {
            if (inFlight.Count == window) (await inFlight.Dequeue()).EnsureSuccess();
            inFlight.Enqueue(js.PublishAsync($"RAW.{prefix}.{i}", messages[i], opts: new NatsJSPubOpts { MsgId = $"{prefix}-{i}" }));
        }

        while (inFlight.Count > 0) (await inFlight.Dequeue()).EnsureSuccess();
        return appends * size / clock.Elapsed.TotalSeconds;
    }

    /// <summary>What ENVIRONMENT.md §3 measured: one direct get per message, stepping forward through the subject.</summary>
    private static async Task<int> NextBySubjectAsync(INatsJSStream stream, string subject)
    {
        var count = 0;
        ulong sequence = 0;
        while (true)
        {
            var msg = await stream.GetDirectAsync(new StreamMsgGetRequest { NextBySubj = subject, Seq = sequence + 1 }, NatsRawSerializer<byte[]>.Default);
            if (msg.Headers is { Code: 404 }) return count;
            sequence = ulong.Parse(msg.Headers!["Nats-Sequence"].ToString(), CultureInfo.InvariantCulture);
            count += EventMessage.Decode(msg.Data!).Events.Count;
        }
    }

    private static string EntitySubject(string entityId) => "LOG.e." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(entityId));

    private static async Task<int> CountAsync(IAsyncEnumerable<StoredEvent> events)
    {
        var count = 0;
        await foreach (var _ in events) count++;
        return count;
    }

    private static void Check(int expected, int actual)
    {
        if (expected != actual) throw new InvalidOperationException($"read {actual} events, expected {expected}");
    }

    private static async Task<double> TimedAsync(Func<Task> read)
    {
        var start = Stopwatch.GetTimestamp();
        await read();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static void Print(string name, double[] millis)
    {
        Array.Sort(millis);
        HttpBenchmark.Print(name + "-p50", millis[millis.Length / 2], "ms");
        HttpBenchmark.Print(name + "-p99", millis[Math.Min(millis.Length - 1, (int)(millis.Length * 0.99))], "ms");
    }
}
