using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>
/// A subscriber that stops reading must not slow publishers or other subscribers; its bounded
/// queue overflows and it is told so and disconnected with 1013 (docs/api.md §10.7, docs/architecture.md invariant 6).
/// The slow client opens its socket with a tiny kernel receive buffer and never reads, so the
/// server's writes to it stall after a few kilobytes and its queue of 100 messages fills up.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class SlowSubscriberTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int EventsPerPublisher = 500;
    private const int PropertiesPerEvent = 10;

    // About 20 MB towards the slow client: more than the kernel (up to 4 MB of send buffer) and
    // Kestrel's output pipe can hold for it, so its queue must overflow.
    private static readonly string Padding = new('p', 1000);

    private static JsonObject Properties(int n)
    {
        var props = new JsonObject { ["n"] = n };
        for (var p = 1; p < PropertiesPerEvent; p++)
            props[$"p{p}"] = Padding + n;
        return props;
    }

    [Fact]
    public async Task a_subscriber_that_never_reads_is_disconnected_while_publishers_and_readers_keep_going()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_WS_QUEUE_LIMIT"] = "100" });
        var api = server.Api;
        string[] entities = ["slow/one", "slow/two"];

        // The reader watches two small entities; the slow client watches everything, bulk included.
        await using var reader = await LiveSocket.ConnectAsync(server.BaseAddress);
        foreach (var id in entities)
            await reader.SubscribeAsync(id);
        await using var slow = await LiveSocket.ConnectAsync(server.BaseAddress, receiveBufferBytes: 1024, startReading: false);
        await reader.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == 2, TimeSpan.FromSeconds(10), "both connections counted");

        var bulk = Task.Run(async () =>
        {
            for (var b = 0; b < 20; b++)
            {
                var events = Enumerable.Range(0, 100).Select(e => (JsonNode)EventJson.Event("bulk/x", Properties(b * 100 + e))).ToArray();
                Expect.Ok(await api.BatchAsync(EventJson.Batch(events)));
            }
        });
        var latencies = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
        var publishers = entities.Select(id => Task.Run(async () =>
        {
            for (var n = 0; n < EventsPerPublisher; n++)
            {
                var watch = Stopwatch.StartNew();
                Expect.Ok(await api.PublishAsync(EventJson.Event(id, FluxApi.Props("n", n))));
                latencies.Add(watch.Elapsed);
            }
        })).ToArray();
        await Task.WhenAll([.. publishers, bulk]);
        var sorted = latencies.Order().ToList();
        var p99 = sorted[(int)(sorted.Count * 0.99)];
        output.WriteLine($"publish latency with a stalled subscriber: p50 {sorted[sorted.Count / 2].TotalMilliseconds:F2} ms, p99 {p99.TotalMilliseconds:F2} ms, max {sorted[^1].TotalMilliseconds:F2} ms over {sorted.Count} publishes");
        Assert.True(p99 < TimeSpan.FromSeconds(1) && sorted[^1] < TimeSpan.FromSeconds(5),
            $"publishers were held up by the slow subscriber: p50 {sorted[sorted.Count / 2].TotalMilliseconds:F1} ms, p99 {p99.TotalMilliseconds:F1} ms, max {sorted[^1].TotalMilliseconds:F1} ms");

        foreach (var id in entities)
        {
            var updates = await reader.WaitForCountAsync(m => Msg.IsUpdateOf(m, id, "n"), EventsPerPublisher, TimeSpan.FromSeconds(60), $"every update of {id} on the reading subscriber");
            Assert.Equal(Enumerable.Range(0, EventsPerPublisher).ToList(), updates.Select(u => u.GetProperty("value").GetInt32()).ToList());
        }
        Assert.Empty(reader.Messages(m => Msg.IsUpdateOf(m, "bulk/x")));

        // A client that never reads cannot be told anything; once it reads again it must find the
        // connection ended (error frame best effort, close 1013), and the server must stop counting it.
        slow.StartReading();
        await slow.WaitEndedAsync(TimeSpan.FromSeconds(60), "the slow subscriber to be disconnected");
        await reader.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == 1, TimeSpan.FromSeconds(10), "the slow connection no longer counted");
        Assert.True(slow.CloseStatus is null || (int)slow.CloseStatus == 1013, $"close status must be 1013 (try again later): {slow.Describe()}");
        foreach (var error in slow.Messages(m => Msg.Type(m) == "error"))
        {
            Expect.Keys(error, "type", "error");
            Assert.Equal("subscriber too slow; disconnecting", error.GetProperty("error").GetString());
        }
        var received = slow.Messages(m => Msg.IsUpdate(m)).Count;
        Assert.True(received < (20 * 100 * PropertiesPerEvent) + (2 * EventsPerPublisher), $"the slow subscriber should have been cut off, got {received} updates");

        Assert.True(reader.Socket.State == WebSocketState.Open, reader.Describe());
        await api.PublishOkAsync(entities[0], FluxApi.Props("after", true));
        await reader.WaitForAsync(m => Msg.IsUpdateOf(m, entities[0], "after"), TimeSpan.FromSeconds(10), "updates keep flowing to the reader");
    }

    [Fact]
    public async Task a_reading_client_whose_queue_overflows_is_told_why_and_closed_with_1013()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_WS_QUEUE_LIMIT"] = "100" });
        await using var flooded = await LiveSocket.ConnectAsync(server.BaseAddress);
        await flooded.WaitForAsync(Msg.IsMetrics, TimeSpan.FromSeconds(5), "a first metrics_update");
        // 200 events of one entity are one append, whose 2,000 changes reach the connection in rounds of up to
        // 1,024 messages: far more than a queue of 100 holds, however fast the client reads.
        var events = Enumerable.Range(0, 200).Select(n => (JsonNode)EventJson.Event("flood/x", Properties(n))).ToArray();
        Expect.Ok(await server.Api.BatchAsync(EventJson.Batch(events)));

        await flooded.WaitEndedAsync(TimeSpan.FromSeconds(30), "the flooded connection to be closed");

        Assert.True(flooded.CloseStatus is not null && (int)flooded.CloseStatus == 1013, $"an overflowing connection must be closed with 1013, not dropped: {flooded.Describe()}");
        var error = Assert.Single(flooded.Messages(m => Msg.Type(m) == "error"));
        Expect.SameJson(System.Text.Json.JsonDocument.Parse("""{"type":"error","error":"subscriber too slow; disconnecting"}""").RootElement, error, "error frame");
    }
}
