using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>The `/api/ws` protocol (docs/api.md §10; checklist 23–25).</summary>
[Trait("Suite", "conformance")]
public sealed class WebSocketTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FluxApi _api = fixture.Api;

    private Task<LiveSocket> ConnectAsync(string query = "") => LiveSocket.ConnectAsync(_api.BaseAddress, query);

    /// <summary>Publishes a marker to a fresh entity and waits until <paramref name="socket"/> sees it: everything sent before it has arrived.</summary>
    private async Task BarrierAsync(LiveSocket socket, string prefix)
    {
        var marker = $"{prefix}-barrier-{Guid.NewGuid():N}";
        await socket.SubscribeAsync(marker);
        await _api.PublishUntilSeenAsync(socket, marker, Wait);
    }

    [Fact]
    public async Task a_connection_without_subscriptions_receives_every_state_update()
    {
        var p = Ids.Unique("all");
        await using var socket = await ConnectAsync();
        await _api.PublishOkAsync($"{p}-a", FluxApi.Props("x", 1));
        await _api.PublishOkAsync($"{p}-b", FluxApi.Props("y", 2));
        var a = await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-a"), Wait, "update of a");
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-b"), Wait, "update of b");
        Expect.Keys(a, "type", "entity_id", "property", "value", "timestamp");
        Assert.Equal("x", a.GetProperty("property").GetString());
        Assert.Equal(1, a.GetProperty("value").GetInt32());
        Assert.True(Msg.IsServerTimestamp(a.GetProperty("timestamp").GetString()), a.GetRawText());
        Assert.Empty(socket.NotJson);
        Assert.Equal(0, socket.BinaryFrames);
    }

    [Fact]
    public async Task after_subscribing_to_one_id_only_that_id_arrives_and_the_wildcard_brings_everything_back()
    {
        var p = Ids.Unique("sub");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync($"{p}-a");
        await BarrierAsync(socket, p);
        var mark = socket.Count;
        await _api.PublishOkAsync($"{p}-b", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}-a", FluxApi.Props("v", 2));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-a"), Wait, "update of the subscribed id", mark);
        await BarrierAsync(socket, p);
        Assert.Empty(socket.Messages(m => Msg.IsUpdateOf(m, $"{p}-b")));
        Assert.Empty(socket.Messages(m => Msg.IsUpdate(m) && !Msg.StartsWith(m, p), mark));

        await socket.SubscribeAsync("*");
        await BarrierAsync(socket, p);
        await _api.PublishOkAsync($"{p}-c", FluxApi.Props("v", 3));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-c"), Wait, "update via the wildcard");
    }

    [Fact]
    public async Task unsubscribing_the_last_id_returns_to_receiving_everything()
    {
        var p = Ids.Unique("unsub");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync($"{p}-a");
        await socket.UnsubscribeAsync($"{p}-a");
        await socket.UnsubscribeAsync($"{p}-never-subscribed");
        await _api.PublishUntilSeenAsync(socket, $"{p}-z", Wait);
    }

    [Fact]
    public async Task removing_the_wildcard_keeps_exact_subscriptions()
    {
        var p = Ids.Unique("wild");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync("*");
        await socket.SubscribeAsync($"{p}-a");
        await socket.UnsubscribeAsync("*");
        await BarrierAsync(socket, p);
        var mark = socket.Count;
        await _api.PublishOkAsync($"{p}-other", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}-a", FluxApi.Props("v", 1));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-a"), Wait, "update of the exact id", mark);
        await BarrierAsync(socket, p);
        Assert.Empty(socket.Messages(m => Msg.IsUpdateOf(m, $"{p}-other"), mark));
    }

    [Fact]
    public async Task the_entity_id_alias_is_understood()
    {
        var p = Ids.Unique("alias");
        await using var aliased = await ConnectAsync();
        await aliased.SendTextAsync(JsonText.Fill("""{"type":"subscribe","entityId":"«0»-a","token":"ignored"}""", p));
        await BarrierAsync(aliased, p);
        var mark = aliased.Count;
        await _api.PublishOkAsync($"{p}-b", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}-a", FluxApi.Props("v", 1));
        await aliased.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-a"), Wait, "update via the entityId alias", mark);
        // Updates arrive in log order, so b's, published first, would have come before a's.
        Assert.Empty(aliased.Messages(m => Msg.IsUpdateOf(m, $"{p}-b"), mark));
    }

    [Fact]
    public async Task a_subscribe_without_an_id_is_ignored_and_never_widens_a_subscription_to_everything()
    {
        var p = Ids.Unique("bare");
        await using var bare = await ConnectAsync();
        await bare.SendTextAsync("""{"type":"subscribe"}""");
        await using var narrowed = await ConnectAsync();
        await narrowed.SubscribeAsync($"{p}-only");
        await narrowed.SendTextAsync("""{"type":"subscribe"}""");
        await narrowed.SendTextAsync("""{"type":"subscribe","entity_id":null}""");
        await BarrierAsync(narrowed, p);
        var mark = narrowed.Count;

        await _api.PublishOkAsync($"{p}-other", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}-only", FluxApi.Props("v", 1));

        await bare.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-other"), Wait, "a bare subscribe alone leaves the connection receiving everything");
        await narrowed.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-only"), Wait, "update of the subscribed id", mark);
        // Log order: the other entity's update, published first, would have arrived before.
        Assert.Empty(narrowed.Messages(m => Msg.IsUpdateOf(m, $"{p}-other"), mark));
    }

    [Fact]
    public async Task one_event_with_three_properties_gives_three_updates_in_key_order_with_the_entity_last_updated()
    {
        var id = Ids.Unique("three");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync(id);
        await BarrierAsync(socket, id);
        await _api.PublishOkAsync(id, JsonNode.Parse("""{"zeta":1,"alpha":[1,2],"mid":{"o":null}}""")!.AsObject());
        var updates = await socket.WaitForCountAsync(m => Msg.IsUpdateOf(m, id), 3, Wait, "three updates");
        Assert.Equal(["zeta", "alpha", "mid"], updates.Select(u => u.GetProperty("property").GetString()).ToList());
        Expect.SameJson(JsonDocument.Parse("[1,2]").RootElement, updates[1].GetProperty("value"), "array value");
        Expect.SameJson(JsonDocument.Parse("""{"o":null}""").RootElement, updates[2].GetProperty("value"), "object value");
        var timestamps = updates.Select(u => u.GetProperty("timestamp").GetString()).Distinct().ToList();
        Assert.Single(timestamps);
        Assert.Equal(timestamps[0], (await _api.GetEntityOkAsync(id)).GetProperty("lastUpdated").GetString());
    }

    [Fact]
    public async Task an_unchanged_value_is_still_sent_and_updates_arrive_in_log_order()
    {
        var id = Ids.Unique("order");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync(id);
        await BarrierAsync(socket, id);
        var events = Enumerable.Range(0, 50).Select(i => (JsonNode)EventJson.Event(id, FluxApi.Props("n", i / 2))).ToArray();
        Expect.Ok(await _api.BatchAsync(EventJson.Batch(events)));
        var updates = await socket.WaitForCountAsync(m => Msg.IsUpdateOf(m, id), 50, Wait, "fifty updates");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i / 2).ToList(), updates.Select(u => u.GetProperty("value").GetInt32()).ToList());
    }

    [Fact]
    public async Task a_null_value_is_sent_as_null()
    {
        var id = Ids.Unique("null");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync(id);
        await BarrierAsync(socket, id);
        await _api.PublishOkAsync(id, FluxApi.Props("gone", null));
        var update = await socket.WaitForAsync(m => Msg.IsUpdateOf(m, id, "gone"), Wait, "null update");
        Assert.Equal(JsonValueKind.Null, update.GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task every_connection_gets_metrics_within_two_intervals_and_every_entity_deleted()
    {
        var id = Ids.Unique("everyone");
        await _api.PublishOkAsync(id, FluxApi.Props("v", 1));
        await using var plain = await LiveSocket.ConnectAsync(_api.BaseAddress, waitUntilLive: false);
        var connected = DateTime.UtcNow;
        await using var exact = await ConnectAsync();
        await exact.SubscribeAsync(Ids.Unique("unrelated"));
        await using var wildcard = await ConnectAsync();
        await wildcard.SubscribeAsync("*");
        var sockets = new[] { plain, exact, wildcard };
        await plain.WaitForAsync(Msg.IsMetrics, TimeSpan.FromSeconds(5), "metrics_update on a fresh connection");
        Assert.True(DateTime.UtcNow - connected < TimeSpan.FromSeconds(2.5), $"first metrics_update came {DateTime.UtcNow - connected} after connecting; the interval is 1 s");
        foreach (var socket in sockets)
        {
            var metrics = await socket.WaitForAsync(Msg.IsMetrics, TimeSpan.FromSeconds(5), "metrics_update");
            Expect.Keys(metrics, "type", "timestamp", "entities", "events", "websocket", "publishers");
        }
        Expect.Ok(await _api.DeleteAsync(id));
        foreach (var socket in sockets)
            await socket.WaitForAsync(m => Msg.IsDeletionOf(m, id), Wait, "entity_deleted on every connection");
    }

    [Fact]
    public async Task nothing_but_live_messages_is_sent_on_connect_and_query_parameters_are_ignored()
    {
        await _api.PublishOkAsync(Ids.Unique("existing"), FluxApi.Props("v", 1));
        await using var socket = await ConnectAsync("?token=legacy-client-token&x=1");
        await socket.WaitForAsync(Msg.IsMetrics, TimeSpan.FromSeconds(5), "the first metrics_update");
        var dump = socket.Messages(m => !Msg.IsMetrics(m) && !Msg.IsUpdateOf(m, "flux-core/directory"));
        Assert.True(dump.Count == 0, "no initial state dump expected: " + string.Join(" | ", dump.Select(m => m.GetRawText())));
    }

    [Fact]
    public async Task invalid_client_messages_are_ignored_and_the_connection_keeps_working()
    {
        var id = Ids.Unique("garbage");
        await using var socket = await ConnectAsync();
        foreach (var junk in new[] { "not json", "{", "[]", "42", "\"subscribe\"", """{"type":"dance"}""", """{"type":"unsubscribe"}""", """{"type":"unsubscribe","entity_id":5}""", """{"type":"subscribe","entity_id":["x"]}""", """{"type":5}""", "" })
            await socket.SendTextAsync(junk);
        await socket.SendBytesAsync([0xff, 0x00, 0x7b], WebSocketMessageType.Binary);
        await socket.SubscribeAsync(id);
        await BarrierAsync(socket, id);
        await _api.PublishOkAsync(Ids.Unique("not-mine"), FluxApi.Props("v", 1));
        await _api.PublishOkAsync(id, FluxApi.Props("v", 1));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, id), Wait, "update after garbage input");
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
        Assert.Empty(socket.Messages(m => Msg.Type(m) is not ("metrics_update" or "state_update" or "entity_deleted")));
    }

    [Fact]
    public async Task the_system_entity_changes_reach_wildcard_and_exact_subscribers()
    {
        var ns = Ids.Unique("dirws");
        await using var wildcard = await ConnectAsync();
        await wildcard.SubscribeAsync("*");
        await using var exact = await ConnectAsync();
        await exact.SubscribeAsync("flux-core/directory");
        var mark = exact.Count;
        await _api.PublishOkAsync($"{ns}/x", FluxApi.Props("v", 1));
        var update = await exact.WaitForAsync(m => Msg.IsUpdateOf(m, "flux-core/directory"), Wait, "directory update", mark);
        await wildcard.WaitForAsync(m => Msg.IsUpdateOf(m, "flux-core/directory"), Wait, "directory update on the wildcard");
        Assert.True(Msg.IsServerTimestamp(update.GetProperty("timestamp").GetString()), update.GetRawText());
    }

    [Fact]
    public async Task a_deleted_marker_published_as_an_event_broadcasts_entity_deleted()
    {
        var id = Ids.Unique("marker-ws");
        await _api.PublishOkAsync(id, FluxApi.Props("v", 1));
        await using var socket = await ConnectAsync();
        await _api.PublishOkAsync(id, FluxApi.Props("__deleted__", true));
        await socket.WaitForAsync(m => Msg.IsDeletionOf(m, id), Wait, "entity_deleted after a published marker");
        Assert.Empty(socket.Messages(m => Msg.IsUpdateOf(m, id)));
    }

    [Fact]
    public async Task the_server_answers_a_ping_with_a_pong_carrying_the_same_payload()
    {
        using var raw = await RawWebSocket.ConnectAsync(_api.BaseAddress);
        await raw.SendFrameAsync(0x9, "are-you-there"u8.ToArray());
        var (opcode, payload) = await raw.ReadFrameAsync(op => op == 0xA, Wait);
        Assert.Equal(0xA, opcode);
        Assert.Equal("are-you-there", System.Text.Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public async Task a_connection_receives_every_update_published_after_its_handshake_completed()
    {
        var missed = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var id = Ids.Unique("handshake");
            await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress, waitUntilLive: false);
            await _api.PublishOkAsync(id, FluxApi.Props("v", i));
            try
            {
                await socket.WaitForAsync(m => Msg.IsUpdateOf(m, id), TimeSpan.FromSeconds(3), "the update published right after connecting");
            }
            catch (TimeoutException)
            {
                missed.Add(id);
            }
        }
        Assert.True(missed.Count == 0, $"{missed.Count} of 40 connections missed the update published right after their handshake: {string.Join(", ", missed)}");
    }

    [Fact]
    public async Task subscriptions_are_a_set_so_one_unsubscribe_undoes_repeated_subscribes()
    {
        var p = Ids.Unique("set");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync($"{p}-a");
        await socket.SubscribeAsync($"{p}-a");
        await socket.SubscribeAsync($"{p}-b");
        await socket.UnsubscribeAsync($"{p}-a");
        await BarrierAsync(socket, p);
        var mark = socket.Count;
        await _api.PublishOkAsync($"{p}-a", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{p}-b", FluxApi.Props("v", 1));
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{p}-b"), Wait, "update of b", mark);
        await BarrierAsync(socket, p);
        Assert.Empty(socket.Messages(m => Msg.IsUpdateOf(m, $"{p}-a"), mark));
    }

    [Fact]
    public async Task values_keep_their_exact_json_numbers_on_the_socket_and_in_history()
    {
        var id = Ids.Unique("numbers");
        await using var socket = await ConnectAsync();
        await socket.SubscribeAsync(id);
        await BarrierAsync(socket, id);
        Expect.Ok(await _api.PublishRawAsync(JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"u":18446744073709551615,"i":-9223372036854775808,"d":0.1}}}""", id)));
        var updates = await socket.WaitForCountAsync(m => Msg.IsUpdateOf(m, id), 3, Wait, "three updates");
        Assert.Equal("18446744073709551615", updates.Single(u => u.GetProperty("property").GetString() == "u").GetProperty("value").GetRawText());
        Assert.Equal("-9223372036854775808", updates.Single(u => u.GetProperty("property").GetString() == "i").GetProperty("value").GetRawText());
        Assert.Equal(0.1, updates.Single(u => u.GetProperty("property").GetString() == "d").GetProperty("value").GetDouble());
        var stored = Assert.Single(await _api.HistoryOkAsync(id)).GetProperty("payload").GetProperty("properties");
        Assert.Equal("18446744073709551615", stored.GetProperty("u").GetRawText());
        Assert.Equal("-9223372036854775808", stored.GetProperty("i").GetRawText());
    }
}
