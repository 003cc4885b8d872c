using System.Text.Json;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Flux.Functional.Tests.Live;

/// <summary>
/// The SignalR hub `/api/hub` (docs/api.md §10.8) from Microsoft's .NET client: the same registry, filters, messages
/// and order as `/api/ws`, through the other door.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class SignalRTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FluxApi _api = fixture.Api;

    private Task<LiveHubClient> ConnectAsync() => LiveHubClient.ConnectAsync(_api.BaseAddress);

    /// <summary>Publishes to a fresh entity the client watches until it arrives: everything sent before it has arrived too.</summary>
    private async Task BarrierAsync(LiveHubClient client, string prefix)
    {
        var marker = $"{prefix}-barrier-{Guid.NewGuid():N}";
        await client.SubscribeAsync(new { entity_id = marker });
        var after = client.Count;
        await _api.PublishOkAsync(marker, FluxApi.Props("v", 1));
        await client.WaitForAsync(m => Msg.IsUpdateOf(m, marker), Wait, $"update of {marker}", after);
    }

    [Fact]
    public async Task a_hub_client_receives_updates_deletions_and_metrics_as_the_websocket_messages_of_the_contract()
    {
        var id = Ids.Unique("hub-shape");
        await using var hub = await ConnectAsync();
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);

        await _api.PublishOkAsync(id, EventJson.Props(("temperature", 22.5), ("tags", new JsonArray("a", "b"))));
        Expect.Status(await _api.DeleteAsync(id), 200);

        var viaHub = await hub.WaitForAsync(m => Msg.IsDeletionOf(m, id), Wait, "the deletion");
        var viaSocket = await socket.WaitForAsync(m => Msg.IsDeletionOf(m, id), Wait, "the deletion over /api/ws");
        Assert.Equal(viaSocket.GetProperty("timestamp").GetString(), viaHub.GetProperty("timestamp").GetString());
        Expect.Keys(viaHub, "type", "entity_id", "timestamp");
        var hubUpdates = hub.Messages(m => Msg.IsUpdateOf(m, id)).Select(m => m.GetRawText());
        var socketUpdates = socket.Messages(m => Msg.IsUpdateOf(m, id)).Select(m => m.GetRawText());
        Assert.Equal(socketUpdates, hubUpdates);
        Assert.Equal(2, hubUpdates.Count());
        var metrics = hub.Messages(Msg.IsMetrics)[0];
        Expect.Keys(metrics, "type", "timestamp", "entities", "events", "websocket", "publishers");
        Assert.Empty(hub.Mismatches);
    }

    [Fact]
    public async Task updates_of_one_entity_reach_a_hub_client_in_the_order_they_were_published()
    {
        var id = Ids.Unique("hub-order");
        await using var hub = await ConnectAsync();
        await hub.SubscribeAsync(new { entity_id = id });
        const int count = 200;
        for (var n = 0; n < count; n++)
            await _api.PublishOkAsync(id, FluxApi.Props("n", n));

        var updates = await hub.WaitForCountAsync(m => Msg.IsUpdateOf(m, id, "n"), count, Wait, $"every update of {id}");
        Assert.Equal(Enumerable.Range(0, count), updates.Select(u => u.GetProperty("value").GetInt32()));
    }

    [Fact]
    public async Task a_prefix_filter_delivers_only_the_ids_that_start_with_it()
    {
        var p = Ids.Unique("hub-prefix");
        await using var hub = await ConnectAsync();
        await hub.SubscribeAsync(new { prefix = $"{p}:room-" });
        var mark = hub.Count;

        await _api.PublishOkAsync($"{p}:hall-1", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}:room-1", FluxApi.Props("v", 2));
        await hub.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}:room-1"), Wait, "the update under the prefix", mark);
        await BarrierAsync(hub, p);

        Assert.Empty(hub.Messages(m => Msg.IsUpdateOf(m, $"{p}:hall-1")));
    }

    [Fact]
    public async Task a_namespace_filter_delivers_the_namespaces_entities_and_not_ids_that_merely_share_its_letters()
    {
        var ns = Ids.Unique("hubns");
        await using var hub = await ConnectAsync();
        await hub.SubscribeAsync(new { @namespace = ns });
        var mark = hub.Count;

        await _api.PublishOkAsync($"{ns}x/sensor", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{ns}-sensor", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{ns}/sensor", FluxApi.Props("v", 2));
        await hub.WaitForAsync(m => Msg.IsUpdateOf(m, $"{ns}/sensor"), Wait, "the update inside the namespace", mark);
        await BarrierAsync(hub, ns);

        Assert.Empty(hub.Messages(m => Msg.IsUpdate(m) && !Msg.StartsWith(m, $"{ns}/") && !Msg.StartsWith(m, $"{ns}-barrier"), mark));
    }

    [Fact]
    public async Task unsubscribing_the_last_filter_returns_a_hub_client_to_everything()
    {
        var p = Ids.Unique("hub-unsub");
        await using var hub = await ConnectAsync();
        await hub.SubscribeAsync(new { prefix = $"{p}/only" });
        await hub.UnsubscribeAsync(new { prefix = $"{p}/only" });
        var mark = hub.Count;

        await _api.PublishOkAsync($"{p}/other", FluxApi.Props("v", 1));

        await hub.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}/other"), Wait, "an update no filter names", mark);
    }

    [Theory]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"entity_id":7}""")]
    [InlineData("""{"prefix":""}""")]
    [InlineData("""{"prefix":"a","namespace":"b"}""")]
    [InlineData("""["x"]""")]
    public async Task a_filter_the_hub_cannot_read_is_answered_with_what_to_send_instead(string filter)
    {
        await using var hub = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeAsync(JsonDocument.Parse(filter).RootElement));

        Assert.Contains("""{"entity_id":"<id or *>"}, {"prefix":"<id prefix>"} or {"namespace":"<namespace>"}""", error.Message, StringComparison.Ordinal);
        await BarrierAsync(hub, Ids.Unique("hub-after-error")); // the connection goes on
    }

    [Fact]
    public async Task a_websocket_client_can_subscribe_by_prefix_and_by_namespace_too()
    {
        var p = Ids.Unique("ws-filter");
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.SendTextAsync($$"""{"type":"subscribe","prefix":"{{p}}:a"}""");
        await socket.SendTextAsync($$"""{"type":"subscribe","namespace":"{{p}}"}""");
        await FiltersInEffectAsync(socket, outside: $"{p}-canary", inside: $"{p}:a0");
        var mark = socket.Count;

        await _api.PublishOkAsync($"{p}:b", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}:a1", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}/inside", FluxApi.Props("v", 1));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}:a1"), Wait, "the update under the prefix", mark);
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}/inside"), Wait, "the update inside the namespace", mark);
        await socket.SendTextAsync($$"""{"type":"unsubscribe","namespace":"{{p}}"}""");
        await FiltersInEffectAsync(socket, outside: $"{p}/canary", inside: $"{p}:a0");
        await _api.PublishOkAsync($"{p}/after", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}:a2", FluxApi.Props("v", 1));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}:a2"), Wait, "the next update under the prefix", mark);

        Assert.Empty(socket.Messages(m => Msg.IsUpdateOf(m, $"{p}:b") || Msg.IsUpdateOf(m, $"{p}/after"), mark));
    }

    /// <summary>
    /// Waits until the socket's subscribe and unsubscribe messages are in effect, which the server never acknowledges
    /// (§10.3): publishes <paramref name="outside"/> (which they exclude) and then <paramref name="inside"/> (which they
    /// include) until the latter arrives without the former. The live feed keeps log order, so had the filters not
    /// been in effect yet, the outside update would have come first.
    /// </summary>
    private async Task FiltersInEffectAsync(LiveSocket socket, string outside, string inside)
    {
        var deadline = DateTime.UtcNow + Wait;
        for (var round = 0; ; round++)
        {
            var mark = socket.Count;
            await _api.PublishOkAsync($"{outside}-{round}", FluxApi.Props("v", round));
            await _api.PublishOkAsync(inside, FluxApi.Props("v", round));
            await socket.WaitForAsync(m => Msg.IsUpdateOf(m, inside), Wait, "the update inside the filters", mark);
            if (socket.Messages(m => Msg.IsUpdateOf(m, $"{outside}-{round}"), mark).Count == 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"the filters took effect within {Wait}");
        }
    }
}
