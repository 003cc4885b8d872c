using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Flux.Benchmarks.Http;

/// <summary>
/// Publish → WebSocket delivery latency: <c>subscribers</c> clients watch everything while events are
/// published at a paced rate; each event carries its send time (Stopwatch ticks, same machine), and
/// every subscriber records now − sent for each state_update it receives.
/// </summary>
internal static class LiveDeliveryBenchmark
{
    public sealed record Result(double P50Ms, double P99Ms, double DeliveredFraction);

    public static async Task<Result> MeasureAsync(string address, int subscribers, int eventsPerSecond, TimeSpan duration)
    {
        var wsAddress = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/ws");
        using var stop = new CancellationTokenSource();
        var latencies = new List<double>[subscribers];
        var sockets = new ClientWebSocket[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            latencies[i] = new List<double>(eventsPerSecond * (int)duration.TotalSeconds);
            sockets[i] = new ClientWebSocket();
            await sockets[i].ConnectAsync(wsAddress, CancellationToken.None);
            await sockets[i].SendAsync("""{"type":"subscribe","entity_id":"*"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        var receivers = Enumerable.Range(0, subscribers).Select(i => ReceiveAsync(sockets[i], latencies[i], stop.Token)).ToArray();

        var sent = await PublishPacedAsync(address, eventsPerSecond, duration);
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(receivers);
        foreach (var socket in sockets)
            socket.Abort();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        if (all.Length == 0)
            return new Result(double.NaN, double.NaN, 0);
        return new Result(all[all.Length / 2], all[(int)(all.Length * 0.99)], all.Length / (double)(sent * subscribers));
    }

    /// <summary>Sends single-event POSTs from 32 workers, each paced to its share of the rate.</summary>
    private static async Task<long> PublishPacedAsync(string address, int eventsPerSecond, TimeSpan duration)
    {
        const int workers = 32;
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        long sent = 0;
        var interval = TimeSpan.FromSeconds(workers / (double)eventsPerSecond);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            for (var n = 0L; ; n++)
            {
                var due = interval * n;
                if (due > duration)
                    return;
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait);
                var body = "{\"stream\":\"bench\",\"source\":\"live\",\"payload\":{\"entity_id\":\"live/e-" + worker
                    + "\",\"properties\":{\"sent\":" + Stopwatch.GetTimestamp() + "}}}";
                using var response = await http.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref sent);
            }
        }));
        return sent;
    }

    private static async Task ReceiveAsync(ClientWebSocket socket, List<double> latencies, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop);
                var now = Stopwatch.GetTimestamp();
                if (result.MessageType != WebSocketMessageType.Text || !result.EndOfMessage)
                    continue;
                using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                var root = message.RootElement;
                if (root.GetProperty("type").GetString() == "state_update" && root.GetProperty("property").GetString() == "sent")
                    latencies.Add(Stopwatch.GetElapsedTime(root.GetProperty("value").GetInt64(), now).TotalMilliseconds);
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
