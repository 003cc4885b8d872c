using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Flux.Benchmarks.Http;

/// <summary>
/// Publish → live delivery latency, through <c>/api/ws</c> and through the SignalR hub: <c>subscribers</c> clients watch everything while events are
/// published at a paced rate; each event carries its send time (Stopwatch ticks, same machine), and
/// every subscriber records now − sent for each state_update it receives.
/// </summary>
internal static class LiveDeliveryBenchmark
{
    /// <summary>The unmeasured run before the measured one, unless <c>--warmup</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultWarmup = TimeSpan.FromSeconds(5);

    /// <summary>What the raw Kestrel limit's figures are printed under.</summary>
    public const string RawKestrelPrefix = "raw-kestrel-";

    private const int EventsPerSecond = 5000;

    public sealed record Result(double P50Ms, double P99Ms, double DeliveredFraction, double AckP50Ms, double AckP99Ms, double PublishedPerSecond);

    /// <summary>
    /// <c>live</c>: 100 subscribers, 5,000 events/s, against the raw Kestrel limit and then a fresh Flux, or
    /// only against the server at <c>--url</c>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var duration = TimeSpan.FromSeconds(options.GetInt("--seconds", 5));
        var warmup = TimeSpan.FromSeconds(options.GetInt("--warmup", (int)DefaultWarmup.TotalSeconds));
        var subscribers = options.GetInt("--subscribers", 100);
        if (options.Get("--url", "") is { Length: > 0 } url)
        {
            Report("", await MeasureAfterWarmupAsync(url.TrimEnd('/'), duration, warmup, subscribers), subscribers);
            return 0;
        }

        await using (var raw = await ServerProcess.StartRawKestrelAsync())
            Report(RawKestrelPrefix, await MeasureAfterWarmupAsync(raw.Address, duration, warmup, subscribers), subscribers);
        await using var flux = await ServerProcess.StartFluxAsync();
        var webSocket = await MeasureAfterWarmupAsync(flux.Address, duration, warmup, subscribers);
        Report("", webSocket, subscribers);
        // The SignalR door on the same process, after the same warm-up, against the goal of at most 1.5 × /api/ws's p99.
        var signalR = await MeasureAfterWarmupAsync(flux.Address, duration, warmup, subscribers, Door.SignalR);
        Report(SignalRPrefix, signalR, subscribers);
        HttpBenchmark.Print("live-delivery-signalr-p99-over-websocket-p99", signalR.P99Ms / webSocket.P99Ms, "ratio");
        return 0;
    }

    /// <summary>Which door the subscribers come through: <c>/api/ws</c>, or the SignalR hub <c>/api/hub</c>.</summary>
    public enum Door
    {
        WebSocket,
        SignalR,
    }

    /// <summary>What the SignalR door's figures are printed under.</summary>
    public const string SignalRPrefix = "signalr-";

    /// <summary>
    /// Measures after an unmeasured run of the same load: the server's JIT compiles the fan-out path during
    /// its first seconds under load, and that start-up cost is not the steady-state latency.
    /// </summary>
    public static async Task<Result> MeasureAfterWarmupAsync(string address, TimeSpan duration, TimeSpan warmup, int subscribers = 100, Door door = Door.WebSocket)
    {
        if (warmup > TimeSpan.Zero)
            await MeasureAsync(address, subscribers, EventsPerSecond, warmup, door);
        return await MeasureAsync(address, subscribers, EventsPerSecond, duration, door);
    }

    /// <summary>Prints a run's figures, under <paramref name="prefix"/> for a server other than Flux.</summary>
    public static void Report(string prefix, Result live, int subscribers = 100)
    {
        HttpBenchmark.Print($"{prefix}live-delivery-{subscribers}-subs-{EventsPerSecond}eps-p50", live.P50Ms, "ms");
        HttpBenchmark.Print($"{prefix}live-delivery-{subscribers}-subs-{EventsPerSecond}eps-p99", live.P99Ms, "ms");
        HttpBenchmark.Print($"{prefix}live-delivery-{subscribers}-subs-{EventsPerSecond}eps-delivered", live.DeliveredFraction, "fraction");
        HttpBenchmark.Print($"{prefix}live-publish-ack-p50", live.AckP50Ms, "ms");
        HttpBenchmark.Print($"{prefix}live-publish-ack-p99", live.AckP99Ms, "ms");
        HttpBenchmark.Print($"{prefix}live-publish-rate", live.PublishedPerSecond, "events/s");
    }

    public static async Task<Result> MeasureAsync(string address, int subscribers, int eventsPerSecond, TimeSpan duration, Door door = Door.WebSocket)
    {
        using var stop = new CancellationTokenSource();
        var latencies = new List<double>[subscribers];
        var sockets = new ClientWebSocket[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            latencies[i] = new List<double>(eventsPerSecond * (int)duration.TotalSeconds);
            sockets[i] = door == Door.SignalR ? await ConnectHubAsync(address) : await ConnectWebSocketAsync(address);
        }
        var receivers = Enumerable.Range(0, subscribers).Select(i => ReceiveAsync(sockets[i], latencies[i], stop.Token)).ToArray();

        var acks = new System.Collections.Concurrent.ConcurrentBag<double>();
        var publishing = Stopwatch.StartNew();
        var sent = await PublishPacedAsync(address, eventsPerSecond, duration, acks);
        var publishedPerSecond = sent / publishing.Elapsed.TotalSeconds;
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(receivers);
        foreach (var socket in sockets)
            socket.Abort();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var ackTimes = acks.Order().ToArray();
        if (all.Length == 0 || ackTimes.Length == 0)
            return new Result(double.NaN, double.NaN, 0, double.NaN, double.NaN, publishedPerSecond);
        return new Result(all[all.Length / 2], all[(int)(all.Length * 0.99)], all.Length / (double)(sent * subscribers),
            ackTimes[ackTimes.Length / 2], ackTimes[(int)(ackTimes.Length * 0.99)], publishedPerSecond);
    }

    private static async Task<ClientWebSocket> ConnectWebSocketAsync(string address)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/ws"), CancellationToken.None);
        await socket.SendAsync("""{"type":"subscribe","entity_id":"*"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        return socket;
    }

    /// <summary>
    /// A hub connection spoken raw (SignalR's JSON protocol over a WebSocket, as its clients do after skipping
    /// negotiation), so the subscribers cost this process the same on both doors and the figures compare the server.
    /// </summary>
    private static async Task<ClientWebSocket> ConnectHubAsync(string address)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/hub"), CancellationToken.None);
        await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var answer = new byte[256];
        var result = await socket.ReceiveAsync(answer.AsMemory(), CancellationToken.None);
        if (!answer.AsSpan(0, result.Count).SequenceEqual("{}\u001e"u8))
            throw new InvalidOperationException($"the hub refused the handshake: {Encoding.UTF8.GetString(answer, 0, result.Count)}");
        return socket;
    }

    /// <summary>
    /// Sends single-event POSTs from 32 publisher threads, each paced to its share of the rate. The publishers
    /// are threads of their own with blocking sends, like agents apart from the subscribers: on the thread
    /// pool their responses would queue behind the 100 receive loops' messages in this same process.
    /// </summary>
    private static Task<long> PublishPacedAsync(string address, int eventsPerSecond, TimeSpan duration, System.Collections.Concurrent.ConcurrentBag<double> acks)
    {
        const int workers = 32;
        var http = new HttpClient { BaseAddress = new Uri(address) };
        long sent = 0;
        var interval = TimeSpan.FromSeconds(workers / (double)eventsPerSecond);
        var clock = Stopwatch.StartNew();
        Exception? failure = null;
        var threads = Enumerable.Range(0, workers).Select(worker => new Thread(() =>
        {
            try
            {
                Publish(worker);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }) { IsBackground = true, Name = $"publisher {worker}" }).ToArray();
        foreach (var thread in threads)
            thread.Start();
        return Task.Run(() =>
        {
            foreach (var thread in threads)
                thread.Join();
            http.Dispose();
            if (failure is not null)
                throw new InvalidOperationException("a publisher failed", failure);
            return Interlocked.Read(ref sent);
        });

        void Publish(int worker)
        {
            for (var n = 0L; ; n++)
            {
                var due = interval * n;
                if (due > duration)
                    return;
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                    Thread.Sleep(wait);
                var started = Stopwatch.GetTimestamp();
                var body = "{\"stream\":\"bench\",\"source\":\"live\",\"payload\":{\"entity_id\":\"live/e-" + worker
                    + "\",\"properties\":{\"sent\":" + Stopwatch.GetTimestamp() + "}}}";
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                using var response = http.Send(request);
                response.EnsureSuccessStatusCode();
                acks.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref sent);
            }
        }
    }

    /// <summary>
    /// The send time carried by a state_update of the "sent" property. Read with a span search, not a JSON
    /// parse: 100 receive loops share the machine with the server, and their cost would show up as latency.
    /// </summary>
    private static long? SentTimestamp(ReadOnlySpan<byte> message)
    {
        ReadOnlySpan<byte> marker = "\"property\":\"sent\",\"value\":"u8;
        var at = message.IndexOf(marker);
        if (at < 0)
            return null;
        var digits = message[(at + marker.Length)..];
        var end = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return System.Buffers.Text.Utf8Parser.TryParse(end < 0 ? digits : digits[..end], out long value, out _) ? value : null;
    }

    private static async Task ReceiveAsync(ClientWebSocket socket, List<double> latencies, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // The Memory overload completes without allocating: 100 receivers at 5,000 messages/s would
                // otherwise keep this process's GC busy, and its pauses would be measured as delivery latency.
                if (length == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2); // a hub frame carries whatever was flushed together
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), stop);
                length += result.Count;
                if (!result.EndOfMessage)
                    continue;
                var now = Stopwatch.GetTimestamp();
                var message = buffer.AsSpan(0, length);
                length = 0;
                if (result.MessageType != WebSocketMessageType.Text)
                    continue;
                // A hub frame may carry several records, each ended by 0x1E; a /api/ws frame is one message.
                foreach (var range in message.Split((byte)0x1E))
                {
                    if (SentTimestamp(message[range]) is { } sent)
                        latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }
}
