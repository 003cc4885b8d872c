using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.BadInput;

/// <summary>Hostile WebSocket input is ignored or ends only that connection; the server keeps serving (docs/api.md §10.3, docs/architecture.md invariant 7).</summary>
[Trait("Suite", "conformance")]
public sealed class MalformedFrameTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FluxApi _api = fixture.Api;

    /// <summary>A fresh connection still gets updates and no error frame was ever sent for client input.</summary>
    private async Task AssertServerStillServesAsync()
    {
        var id = Ids.Unique("alive");
        await using var probe = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await probe.SubscribeAsync(id);
        await _api.PublishUntilSeenAsync(probe, id, Wait);
        Expect.Ok(await _api.ListAsync());
    }

    private async Task AssertStillSubscribedAsync(LiveSocket socket)
    {
        var id = Ids.Unique("still");
        await socket.SubscribeAsync(id);
        await _api.PublishUntilSeenAsync(socket, id, Wait);
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
        Assert.Empty(socket.Messages(m => Msg.Type(m) == "error"));
    }

    public static TheoryData<string> TextFrames => new()
    {
        "not json",
        "{",
        "{\"type\":\"subscribe\",",
        "[]",
        "[{\"type\":\"subscribe\",\"entity_id\":\"x\"}]",
        "null",
        "42",
        "\"subscribe\"",
        "true",
        "{}",
        "{\"type\":\"explode\"}",
        "{\"type\":null}",
        "{\"type\":[\"subscribe\"]}",
        "{\"type\":\"unsubscribe\"}",
        "{\"type\":\"unsubscribe\",\"entity_id\":{}}",
        "{\"type\":\"subscribe\",\"entity_id\":42}",
        "{\"type\":\"SUBSCRIBE\",\"entity_id\":\"x\"}",
        "{\"type\":\"subscribe\",\"entity_id\":\"x\"} trailing",
        "",
        "   ",
    };

    [Theory]
    [MemberData(nameof(TextFrames))]
    public async Task a_bad_text_frame_is_ignored_and_the_connection_stays_useful(string frame)
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.SendTextAsync(frame);
        await AssertStillSubscribedAsync(socket);
    }

    [Fact]
    public async Task bad_frames_change_no_state_and_no_counter()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var before = await MetricsProbe.SettledAsync(socket);
        var listing = (await _api.ListAsync()).Body;
        await using (var bad = await LiveSocket.ConnectAsync(_api.BaseAddress))
        {
            foreach (var frame in TextFrames)
                await bad.SendTextAsync(frame);
            await bad.SendTextAsync("""{"type":"publish","entity_id":"bad/ws","properties":{"a":1}}""");
            await bad.SendTextAsync("""{"stream":"sensors","source":"s","payload":{"entity_id":"bad/ws","properties":{"a":1}}}""");
            await bad.SendBytesAsync(Encoding.UTF8.GetBytes("""{"stream":"sensors","source":"s","payload":{"entity_id":"bad/ws","properties":{"a":1}}}"""), WebSocketMessageType.Binary);
        }
        var after = await MetricsProbe.SettledAsync(socket);
        Assert.Equal(Msg.EventsTotal(before), Msg.EventsTotal(after));
        Assert.Equal(Msg.EntitiesTotal(before), Msg.EntitiesTotal(after));
        Assert.Equal(listing, (await _api.ListAsync()).Body);
        Expect.Error(await _api.GetEntityAsync("bad/ws"), 404, "Entity not found");
    }

    [Fact]
    public async Task a_deeply_nested_text_frame_is_ignored()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.SendTextAsync(new string('[', 10_000) + new string(']', 10_000));
        await socket.SendTextAsync("{\"type\":\"subscribe\",\"entity_id\":" + new string('{', 5_000));
        await AssertStillSubscribedAsync(socket);
    }

    [Fact]
    public async Task binary_frames_are_ignored()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.SendBytesAsync(Encoding.UTF8.GetBytes("{\"type\":\"subscribe\",\"entity_id\":\"binary-only\"}"), WebSocketMessageType.Binary);
        await socket.SendBytesAsync([0, 1, 2, 0xFF, 0xFE], WebSocketMessageType.Binary);
        await AssertStillSubscribedAsync(socket);
    }

    [Fact]
    public async Task a_huge_frame_is_ignored_or_refused_as_too_big_without_harming_the_server()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var huge = "{\"type\":\"subscribe\",\"entity_id\":\"" + new string('h', 16 * 1024 * 1024) + "\"}";
        try
        {
            await socket.SendTextAsync(huge);
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
        }
        try
        {
            // Either outcome is allowed; give a refusal time to arrive before looking.
            await socket.WaitEndedAsync(TimeSpan.FromSeconds(2), "a possible close after the huge frame");
        }
        catch (TimeoutException)
        {
        }
        if (socket.Ended)
            Assert.True(socket.CloseStatus is null or WebSocketCloseStatus.MessageTooBig or WebSocketCloseStatus.PolicyViolation, $"unexpected close: {socket.Describe()}");
        else
            await AssertStillSubscribedAsync(socket);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task a_message_split_into_fragments_is_understood()
    {
        var id = Ids.Unique("fragmented");
        using var raw = await RawWebSocket.ConnectAsync(_api.BaseAddress);
        var text = Encoding.UTF8.GetBytes(JsonText.Fill("""{"type":"subscribe","entity_id":"«0»"}""", id));
        await raw.SendFrameAsync(0x1, text[..10], fin: false);
        await raw.SendFrameAsync(0x0, text[10..20], fin: false);
        await raw.SendFrameAsync(0x0, text[20..], fin: true);
        await raw.SendFrameAsync(0x9, [1, 2, 3]);
        await raw.ReadFrameAsync(op => op == 0xA, Wait);
        await _api.PublishOkAsync(Ids.Unique("not-subscribed"), FluxApi.Props("v", 1));
        await _api.PublishOkAsync(id, FluxApi.Props("v", 1));
        var (_, payload) = await raw.ReadFrameAsync(op => op == 0x1, Wait);
        var first = Encoding.UTF8.GetString(payload);
        while (first.Contains("metrics_update", StringComparison.Ordinal))
            first = Encoding.UTF8.GetString((await raw.ReadFrameAsync(op => op == 0x1, Wait)).Payload);
        Assert.Contains(id, first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task invalid_utf8_in_a_text_frame_is_ignored_or_closes_only_that_connection_with_1007()
    {
        using var raw = await RawWebSocket.ConnectAsync(_api.BaseAddress);
        await raw.SendFrameAsync(0x1, [0x7B, 0xFF, 0xFE, 0x7D]);
        try
        {
            await raw.SendFrameAsync(0x9, [9]);
            var (opcode, payload) = await raw.ReadFrameAsync(op => op is 0xA or 0x8, Wait);
            if (opcode == 0x8)
                Assert.True(payload.Length >= 2 && ((payload[0] << 8) | payload[1]) == 1007, $"close code should be 1007, got {(payload.Length >= 2 ? (payload[0] << 8) | payload[1] : -1)}");
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            // Failing the connection outright (RFC 6455 §8.1) also ends only this connection.
        }
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task an_unmasked_client_frame_is_a_protocol_error_for_that_connection_only()
    {
        using var raw = await RawWebSocket.ConnectAsync(_api.BaseAddress);
        await raw.SendRawAsync([0x81, 0x02, (byte)'{', (byte)'}']);
        try
        {
            await raw.ReadFrameAsync(op => op == 0x8, TimeSpan.FromSeconds(3));
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException)
        {
        }
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task a_client_that_stops_mid_frame_and_half_closes_is_cleaned_up()
    {
        await using var observer = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var baseline = Msg.Connections(await MetricsProbe.SettledAsync(observer));
        var raw = await RawWebSocket.ConnectAsync(_api.BaseAddress);
        await observer.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == baseline + 1, Wait, "the raw connection counted");
        var frame = RawWebSocket.Frame(0x1, Encoding.UTF8.GetBytes("{\"type\":\"subscribe\",\"entity_id\":\"half\"}"));
        await raw.SendRawAsync(frame[..7]);
        raw.Socket.Shutdown(SocketShutdown.Send);
        await observer.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == baseline, TimeSpan.FromSeconds(15), "the half-closed connection dropped");
        raw.Dispose();
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task clients_that_abort_while_updates_flow_are_dropped_and_the_server_keeps_serving()
    {
        await using var observer = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var baseline = Msg.Connections(await MetricsProbe.SettledAsync(observer));
        var aborted = new List<LiveSocket>();
        for (var i = 0; i < 5; i++)
            aborted.Add(await LiveSocket.ConnectAsync(_api.BaseAddress));
        var id = Ids.Unique("abort");
        var events = Enumerable.Range(0, 200).Select(i => (System.Text.Json.Nodes.JsonNode)EventJson.Event(id, FluxApi.Props("n", i))).ToArray();
        var publishing = _api.BatchAsync(EventJson.Batch(events));
        foreach (var socket in aborted)
            socket.Socket.Abort();
        Expect.Ok(await publishing);
        await observer.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == baseline, TimeSpan.FromSeconds(15), "aborted connections dropped");
        foreach (var socket in aborted)
            await socket.DisposeAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_api.BaseAddress.Host, _api.BaseAddress.Port);
        tcp.Client.Close();
        await AssertServerStillServesAsync();
    }
}
