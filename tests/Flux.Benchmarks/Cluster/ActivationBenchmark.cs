using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Flux.Benchmarks.Http;
using Flux.Benchmarks.Nats;
using Flux.Storage;
using Flux.Storage.JetStream;
using Flux.Storage.Postgres;
using Flux.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Flux.Benchmarks.Cluster;

/// <summary>
/// <c>cluster-activation</c>: reads on a large log in the cluster profile (nats-server, PostgreSQL, silos, one gateway
/// as processes on loopback). The log is built straight into the cluster's stream with NATS.Net in the log's own
/// message format (<see cref="LogBuilder"/>): measured entities of 1,000 events each, interleaved with filler
/// entities up to the total, and for each measured entity a snapshot row 100 events behind its last. Then, through the
/// gateway: the first read of cold entities (activation = snapshot + replay of the 100 events after it) beside a read
/// of an active one (and the read fence's leader get with NATS.Net alone beside that), history (limit 100), and the restart of every silo and the gateway to ready and to the first
/// answered read, beside the same restart on the empty log before it was built.
/// </summary>
internal static class ActivationBenchmark
{
    private static readonly Dictionary<string, string> Quiet = new() { ["Logging__LogLevel__Default"] = "Warning" };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var total = options.GetInt("--events", 1_000_000);
        var measured = options.GetInt("--entities", 200);
        var perEntity = options.GetInt("--per-entity", 1_000);
        var behind = options.GetInt("--behind", 100);
        var reads = options.GetInt("--reads", 500);
        var silos = options.GetInt("--silos", 2);
        const int warmupEntities = 50;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster-activation: {silos} silos, 1 gateway on {Environment.ProcessorCount} cores; events={total} entities={measured}x{perEntity} (snapshot {behind} behind) reads={reads}; silo {ServerBinary.Locate()}"));

        var started = Stopwatch.StartNew();
        await using var cluster = await FluxCluster.StartAsync(silos, gateways: 1, "1s", Quiet);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster-activation: up in {started.Elapsed.TotalSeconds:0.0} s"));
        var emptyRestart = await RestartAsync(cluster, firstRead: null);

        started.Restart();
        var entities = Enumerable.Range(0, measured + warmupEntities).Select(i => $"bench/activate-{i}").ToArray();
        Dictionary<string, long> snapshotPositions;
        await using (var builder = await LogBuilder.OpenAsync(cluster.Nats.Url))
        {
            var snapshots = await builder.BuildAsync(entities, perEntity, behind, total);
            snapshotPositions = snapshots.ToDictionary(snapshot => snapshot.Id, snapshot => snapshot.Position);
            var store = new PostgresSnapshotStore(new PostgresDatabase(cluster.Environment["FLUX_POSTGRES"]));
            foreach (var snapshot in snapshots)
                await store.WriteAsync(snapshot);
        }
        var (messages, subjects) = await StreamStateAsync(cluster.Nats.Url);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster-activation: log built in {started.Elapsed.TotalSeconds:0.0} s: {messages} messages on {subjects} subjects"));

        var http = cluster.Gateways[0].Http;
        foreach (var entity in entities[measured..])
            await ReadEntityAsync(http, entity, perEntity - 1); // the JIT's warm-up: these activations are not measured
        var activation = new double[measured];
        var rawWalk = new double[measured];
        await using (var raw = await RawWalk.OpenAsync(cluster.Nats.Url))
        {
            for (var i = 0; i < measured; i++)
                await raw.WalkAsync(entities[measured + i % warmupEntities], snapshotPositions[entities[measured + i % warmupEntities]], behind);
            for (var i = 0; i < measured; i++)
            {
                activation[i] = await TimedAsync(() => ReadEntityAsync(http, entities[i], perEntity - 1));
                // The same walk with NATS.Net alone, right after the activation read the same messages: the limit.
                rawWalk[i] = await TimedAsync(() => raw.WalkAsync(entities[i], snapshotPositions[entities[i]], behind));
            }
        }

        var warm = new double[reads];
        var fence = new double[reads];
        await using (var raw = await RawWalk.OpenAsync(cluster.Nats.Url))
        {
            for (var i = 0; i < reads; i++)
            {
                warm[i] = await TimedAsync(() => ReadEntityAsync(http, entities[i % measured], perEntity - 1));
                // What a cluster read adds (the read fence): the stream leader's last message of the entity's subject.
                fence[i] = await TimedAsync(() => raw.LastPositionAsync(entities[i % measured]));
            }
        }
        for (var i = 0; i < warmupEntities; i++)
            await ReadHistoryAsync(http, entities[measured + i]);
        var history = new double[reads];
        for (var i = 0; i < reads; i++)
            history[i] = await TimedAsync(() => ReadHistoryAsync(http, entities[i % measured]));

        var fullRestart = await RestartAsync(cluster, firstRead: () => ReadEntityAsync(cluster.Gateways[0].Http, entities[0], perEntity - 1));
        foreach (var process in cluster.Silos.Concat(cluster.Gateways))
            process.ThrowIfDied();

        Array.Sort(activation);
        Array.Sort(rawWalk);
        Array.Sort(warm);
        Array.Sort(fence);
        Array.Sort(history);
        HttpBenchmark.Print("cluster-log-events", messages, "messages");
        HttpBenchmark.Print("cluster-activation-p50", JetStreamBenchmark.Percentile(activation, 0.50), "ms");
        HttpBenchmark.Print("cluster-activation-p99", JetStreamBenchmark.Percentile(activation, 0.99), "ms (limit 20)");
        HttpBenchmark.Print("raw-jetstream-walk-p50", JetStreamBenchmark.Percentile(rawWalk, 0.50), "ms (the activation's reads with NATS.Net alone)");
        HttpBenchmark.Print("raw-jetstream-walk-p99", JetStreamBenchmark.Percentile(rawWalk, 0.99), "ms");
        HttpBenchmark.Print("cluster-read-active-p50", JetStreamBenchmark.Percentile(warm, 0.50), "ms");
        HttpBenchmark.Print("cluster-read-active-p99", JetStreamBenchmark.Percentile(warm, 0.99), "ms");
        HttpBenchmark.Print("raw-jetstream-leader-get-p50", JetStreamBenchmark.Percentile(fence, 0.50), "ms (the read fence's call with NATS.Net alone)");
        HttpBenchmark.Print("raw-jetstream-leader-get-p99", JetStreamBenchmark.Percentile(fence, 0.99), "ms");
        HttpBenchmark.Print("cluster-history100-p50", JetStreamBenchmark.Percentile(history, 0.50), "ms");
        HttpBenchmark.Print("cluster-history100-p99", JetStreamBenchmark.Percentile(history, 0.99), "ms (limit 20)");
        HttpBenchmark.Print("cluster-restart-to-ready-empty-log", emptyRestart.Ready.TotalSeconds, "s");
        HttpBenchmark.Print("cluster-restart-to-ready", fullRestart.Ready.TotalSeconds, "s (limit 5)");
        HttpBenchmark.Print("cluster-restart-to-first-read", fullRestart.FirstRead.TotalSeconds, "s (limit 5)");
        HttpBenchmark.Print("cluster-restart-to-ready-vs-empty-log", fullRestart.Ready / emptyRestart.Ready, "ratio");
        return 0;
    }

    /// <summary>
    /// SIGTERM to the gateway and every silo, then all of them launched at once: the time until every one answers
    /// /readyz, and until <paramref name="firstRead"/> (an entity read through the gateway) has answered too.
    /// </summary>
    private static async Task<(TimeSpan Ready, TimeSpan FirstRead)> RestartAsync(FluxCluster cluster, Func<Task>? firstRead)
    {
        var processes = cluster.Gateways.Concat(cluster.Silos).ToList();
        foreach (var process in processes)
        {
            var code = await process.StopAsync();
            if (code != 0)
                throw new InvalidOperationException($"{process} exited with code {code} after SIGTERM");
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(processes.Select(process => process.LaunchAsync(waitUntilReady: true)));
        var ready = clock.Elapsed;
        if (firstRead is not null)
            await firstRead();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster-activation: restart ready in {ready.TotalSeconds:0.00} s, first read at {clock.Elapsed.TotalSeconds:0.00} s"));
        return (ready, clock.Elapsed);
    }

    /// <summary>GET the entity; its state must be the fold of every event (property n of the last one).</summary>
    private static async Task ReadEntityAsync(HttpClient http, string entity, int lastN)
    {
        using var response = await http.GetAsync("api/state/entities/" + Uri.EscapeDataString(entity));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {entity} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var n = json.RootElement.GetProperty("properties").GetProperty("n").GetInt32();
        if (n != lastN)
            throw new InvalidOperationException($"{entity} shows n = {n}, expected {lastN}: the replay after the snapshot is wrong");
    }

    private static async Task ReadHistoryAsync(HttpClient http, string entity)
    {
        using var response = await http.GetAsync("api/events?limit=100&entity=" + Uri.EscapeDataString(entity));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"history of {entity} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetArrayLength() != 100)
            throw new InvalidOperationException($"history of {entity} held {json.RootElement.GetArrayLength()} events, expected 100");
    }

    private static async Task<(long Messages, long Subjects)> StreamStateAsync(string url)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url, Name = "flux-bench-activation" });
        var stream = await nats.CreateJetStreamContext().GetStreamAsync(LogBuilder.Stream);
        return ((long)stream.Info.State.Messages, stream.Info.State.NumSubjects);
    }

    private static async Task<double> TimedAsync(Func<Task> read)
    {
        var start = Stopwatch.GetTimestamp();
        await read();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>
    /// An activation's reads with NATS.Net alone: the subject's last message by direct get, then its back-links 16
    /// at a time, back to the snapshot's position, as <see cref="JetStreamEventLog"/> walks them.
    /// </summary>
    private sealed class RawWalk : IAsyncDisposable
    {
        private readonly NatsConnection _nats;
        private readonly INatsJSStream _stream;
        private readonly EntitySubjects _subjects = new(LogBuilder.Stream);

        private RawWalk(NatsConnection nats, INatsJSStream stream)
        {
            _nats = nats;
            _stream = stream;
        }

        public static async Task<RawWalk> OpenAsync(string url)
        {
            var nats = new NatsConnection(new NatsOpts { Url = url, Name = "flux-bench-raw-walk" });
            return new RawWalk(nats, await nats.CreateJetStreamContext().GetStreamAsync(LogBuilder.Stream));
        }

        public async Task WalkAsync(string entity, long snapshotPosition, int expected)
        {
            var newest = await GetAsync(new StreamMsgGetRequest { LastBySubj = _subjects.For(entity)! });
            var read = 1;
            var earlier = newest.Previous.Where(sequence => sequence > snapshotPosition).ToList();
            while (earlier.Count > 0)
            {
                var batch = await Task.WhenAll(earlier.Select(sequence => GetAsync(new StreamMsgGetRequest { Seq = (ulong)sequence })));
                read += batch.Length;
                earlier = batch[^1].Previous.Where(sequence => sequence > snapshotPosition).ToList();
            }

            if (read != expected)
                throw new InvalidOperationException($"the raw walk of {entity} read {read} messages, expected {expected}");
        }

        /// <summary>The read fence's call: the last message of the entity's subject, from the stream's leader.</summary>
        public async Task LastPositionAsync(string entity) =>
            _ = (await _stream.GetAsync(new StreamMsgGetRequest { LastBySubj = _subjects.For(entity)! })).Message.Seq;

        private async Task<EventMessage> GetAsync(StreamMsgGetRequest request) =>
            EventMessage.Decode((await _stream.GetDirectAsync(request, NatsRawSerializer<byte[]>.Default)).Data);

        public ValueTask DisposeAsync() => _nats.DisposeAsync();
    }

    /// <summary>
    /// Writes a log straight into the event log's stream, as <see cref="JetStreamEventLog"/> would have stored it: one
    /// single-event message per append on the entity's subject, each linking back to the subject's previous
    /// <see cref="EntityTail.BackLinks"/> sequences. Built in rounds, each round pipelined (every publish in flight at
    /// once) and its acknowledgements read before the next, so every back-link is a sequence the stream assigned.
    /// </summary>
    private sealed class LogBuilder : IAsyncDisposable
    {
        public const string Stream = "FLUX_EVENTS";
        private const int FillerEventsPerEntity = 8;

        private readonly NatsConnection _nats;
        private readonly INatsJSContext _js;
        private readonly EntitySubjects _subjects = new(Stream);

        private LogBuilder(NatsConnection nats)
        {
            _nats = nats;
            _js = nats.CreateJetStreamContext();
        }

        public static async Task<LogBuilder> OpenAsync(string url)
        {
            var nats = new NatsConnection(new NatsOpts { Url = url, Name = "flux-bench-log-builder", RequestTimeout = TimeSpan.FromSeconds(30) });
            await nats.ConnectAsync();
            return new LogBuilder(nats);
        }

        /// <summary>
        /// <paramref name="entities"/> get <paramref name="perEntity"/> events each, interleaved with filler entities of
        /// <see cref="FillerEventsPerEntity"/> events up to <paramref name="total"/> messages; returns each entity's snapshot
        /// <paramref name="behind"/> events before its last.
        /// </summary>
        public async Task<List<EntitySnapshot>> BuildAsync(string[] entities, int perEntity, int behind, int total)
        {
            var fillerPerRound = Math.Max(0, (total - entities.Length * perEntity) / perEntity);
            var fillerEntities = Math.Max(1, fillerPerRound * perEntity / FillerEventsPerEntity);
            var links = new Dictionary<string, long[]>(StringComparer.Ordinal);
            var snapshots = new List<EntitySnapshot>(entities.Length);
            var acceptedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
            var filler = 0;
            var round = new List<(string Entity, int N)>(entities.Length + fillerPerRound);
            var acks = new List<ValueTask<PubAckResponse>>(round.Capacity);
            for (var n = 0; n < perEntity; n++)
            {
                round.Clear();
                acks.Clear();
                round.AddRange(entities.Select(entity => (entity, n)));
                for (var i = 0; i < fillerPerRound; i++, filler++)
                    round.Add(($"filler/e-{filler % fillerEntities}", filler / fillerEntities));
                foreach (var (entity, k) in round)
                {
                    var previous = links.TryGetValue(entity, out var known) ? known : [];
                    var id = string.Create(CultureInfo.InvariantCulture, $"{entity}#{k}");
                    var record = new EventRecord(id, entity, "bench", acceptedAt, Envelope(id, entity, k));
                    acks.Add(_js.PublishAsync(_subjects.For(entity)!, new EventMessage(previous, entity, [record]).Encode(), NatsRawSerializer<byte[]>.Default));
                }

                for (var i = 0; i < acks.Count; i++)
                {
                    var ack = await acks[i];
                    ack.EnsureSuccess();
                    var entity = round[i].Entity;
                    var previous = links.TryGetValue(entity, out var known) ? known : [];
                    links[entity] = [(long)ack.Seq, .. previous.Take(EntityTail.BackLinks - 1)];
                    if (i < entities.Length && n == perEntity - 1 - behind)
                        snapshots.Add(new EntitySnapshot(entity, Encoding.UTF8.GetBytes($"{{\"n\":{n},\"status\":\"ok\"}}"), acceptedAt, (long)ack.Seq));
                }
            }

            return snapshots;
        }

        /// <summary>An envelope as the gateway stores it (docs/api.md §4.2); property n is the event's number in its entity.</summary>
        private static byte[] Envelope(string id, string entity, int n) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"eventId\":\"{id}\",\"stream\":\"bench\",\"source\":\"bench\",\"timestamp\":1767225600123,\"payload\":{{\"entity_id\":\"{entity}\",\"properties\":{{\"n\":{n},\"status\":\"ok\"}}}}}}"));

        public ValueTask DisposeAsync() => _nats.DisposeAsync();
    }
}
