using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;
using Flux.Functional.Tests.Operators;
using Microsoft.AspNetCore.SignalR.Client;

namespace Flux.Functional.Tests.Live;

/// <summary>
/// The slow-subscriber rule through the SignalR door (docs/api.md §10.7, §10.8): a hub client that falls behind fills
/// only its own bounded queue, is told why and dropped, and its automatic reconnect brings it back; publishers and
/// other subscribers never wait for it.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class SignalRSlowSubscriberTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string Padding = new('p', 1000);

    [Fact]
    public async Task a_hub_client_that_falls_behind_is_told_it_is_too_slow_dropped_and_reconnects_while_others_keep_going()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_WS_QUEUE_LIMIT"] = "100" });
        var api = server.Api;
        var id = Ids.Unique("hub-slow");
        await using var reader = await LiveHubClient.ConnectAsync(server.BaseAddress);
        await reader.SubscribeAsync(new { entity_id = id });

        // The slow client takes 20 ms over each update: far behind a bulk of 20,000 of them.
        await using var slow = await LiveHubClient.ConnectAsync(server.BaseAddress, reconnect: true);
        var release = new TaskCompletionSource();
        slow.Connection.On<JsonElement>("StateUpdate", async _ => await Task.WhenAny(release.Task, Task.Delay(20)));
        var reconnecting = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drops = 0;
        slow.Connection.Reconnecting += error =>
        {
            Interlocked.Increment(ref drops);
            reconnecting.TrySetResult(error);
            return Task.CompletedTask;
        };
        slow.Connection.Reconnected += _ => { reconnected.TrySetResult(); return Task.CompletedTask; };

        var watch = Stopwatch.StartNew();
        for (var b = 0; b < 20; b++)
        {
            var events = Enumerable.Range(0, 100).Select(e => (JsonNode)EventJson.Event($"{id}-bulk", Bulk(b * 100 + e))).ToArray();
            Expect.Ok(await api.BatchAsync(EventJson.Batch(events)));
            await api.PublishOkAsync(id, FluxApi.Props("n", b));
        }
        output.WriteLine($"20 batches of 100 events published in {watch.ElapsedMilliseconds} ms with a slow hub client");
        var updates = await reader.WaitForCountAsync(m => Msg.IsUpdateOf(m, id, "n"), 20, Wait, "every update on the reading client");
        Assert.Equal(Enumerable.Range(0, 20), updates.Select(u => u.GetProperty("value").GetInt32()));

        var error = await reconnecting.Task.WaitAsync(Wait);
        release.TrySetResult();
        output.WriteLine($"the slow client was dropped: {error?.GetType().Name}: {error?.Message}");
        Assert.Contains("subscriber too slow; disconnecting", error?.Message ?? "(no error)", StringComparison.Ordinal);
        await reconnected.Task.WaitAsync(Wait);
        // Updates made while a client reconnects are not replayed to it (it reloads over HTTP), so publish until one
        // arrives: if it was dropped once more before it caught up, a later one shows it is back.
        var mark = slow.Count;
        await Eventually.HoldsAsync(async () =>
            {
                await api.PublishOkAsync(id, FluxApi.Props("after", true));
                return slow.Messages(m => Msg.IsUpdateOf(m, id, "after"), mark).Count;
            }, seen => seen > 0, Wait, "an update after reconnecting");
        await reader.WaitForAsync(m => Msg.IsUpdateOf(m, id, "after"), Wait, "updates keep flowing to the reader");

        // Operators see every drop (a client that comes back as slow while the bulk goes on is dropped again), and
        // both hub connections.
        await Eventually.HoldsAsync(async () =>
            {
                var metrics = PrometheusText.Parse(await server.Server.Http.GetStringAsync("metrics"));
                return (Dropped: metrics.Sum("flux_subscribers_dropped_total"), HubConnections: metrics.Sum("flux_subscriber_connections", ("transport", "signalr")));
            }, figures => figures == (Volatile.Read(ref drops), 2), Wait, "every drop and both hub connections in /metrics");
    }

    private static JsonObject Bulk(int n)
    {
        var props = new JsonObject { ["n"] = n };
        for (var p = 1; p < 10; p++)
            props[$"p{p}"] = Padding + n;
        return props;
    }
}
