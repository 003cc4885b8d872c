using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Client;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>
/// A subscriber that stops reading must not slow publishers or other subscribers; its bounded
/// queue overflows and it is told so and disconnected with 1013 (contract §10.7, design invariant 6).
/// The slow client opens its socket with a tiny kernel receive buffer and never reads, so the
/// server's writes to it stall after a few kilobytes and its queue of 100 messages fills up.
/// </summary>
public sealed class SlowSubscriberTests
{
    private const int Batches = 20;
    private const int EventsPerBatch = 100;
    private const int PropertiesPerEvent = 10;

    [Fact]
    public async Task a_subscriber_that_never_reads_is_disconnected_while_publishers_and_readers_keep_going()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_WS_QUEUE_LIMIT"] = "100" });
        var api = server.Api;
        const string id = "slow/entity";

        await using var reader = await LiveSocket.ConnectAsync(server.BaseAddress);
        await reader.SubscribeAsync(id);
        await using var slow = await LiveSocket.ConnectAsync(server.BaseAddress, receiveBufferBytes: 1024, startReading: false);
        await reader.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == 2, TimeSpan.FromSeconds(10), "both connections counted");

        var latencies = new List<TimeSpan>();
        for (var b = 0; b < Batches; b++)
        {
            var events = new List<JsonNode>();
            for (var e = 0; e < EventsPerBatch; e++)
            {
                var props = new JsonObject { ["n"] = b * EventsPerBatch + e };
                for (var p = 1; p < PropertiesPerEvent; p++)
                    props[$"p{p}"] = $"value-{p}-padding-padding-{b}";
                events.Add(EventJson.Event(id, props));
            }
            var watch = Stopwatch.StartNew();
            var response = Expect.Ok(await api.BatchAsync(EventJson.Batch([.. events])));
            latencies.Add(watch.Elapsed);
            Assert.Equal(EventsPerBatch, response.Json.GetProperty("successful").GetInt32());
        }
        Assert.True(latencies.Max() < TimeSpan.FromSeconds(5), $"a publisher was held up by the slow subscriber: batch latencies {string.Join(", ", latencies.Select(l => l.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");

        var total = Batches * EventsPerBatch;
        var updates = await reader.WaitForCountAsync(m => Msg.IsUpdateOf(m, id, "n"), total, TimeSpan.FromSeconds(60), "every update on the reading subscriber");
        Assert.Equal(Enumerable.Range(0, total).ToList(), updates.Select(u => u.GetProperty("value").GetInt32()).ToList());
        Assert.Equal(total * PropertiesPerEvent, reader.Messages(m => Msg.IsUpdateOf(m, id)).Count);

        slow.StartReading();
        await slow.WaitEndedAsync(TimeSpan.FromSeconds(60), "the slow subscriber to be disconnected");
        Assert.True(slow.CloseStatus is null || (int)slow.CloseStatus == 1013, $"close status must be 1013 (try again later): {slow.Describe()}");
        Assert.True(slow.CloseStatus == (WebSocketCloseStatus)1013 || slow.EndReason?.StartsWith("aborted", StringComparison.Ordinal) == true, slow.Describe());
        var errors = slow.Messages(m => Msg.Type(m) == "error");
        foreach (var error in errors)
        {
            Expect.Keys(error, "type", "error");
            Assert.Equal("subscriber too slow; disconnecting", error.GetProperty("error").GetString());
        }
        var received = slow.Messages(m => Msg.IsUpdateOf(m, id, "n")).Count;
        Assert.True(received < total, $"the slow subscriber should have been cut off before receiving everything, got {received}/{total}");

        await reader.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == 1, TimeSpan.FromSeconds(10), "the slow connection no longer counted");
        Assert.True(reader.Socket.State == WebSocketState.Open, reader.Describe());
        await api.PublishOkAsync(id, FluxApi.Props("after", true));
        await reader.WaitForAsync(m => Msg.IsUpdateOf(m, id, "after"), TimeSpan.FromSeconds(10), "updates keep flowing to the reader");
    }
}
