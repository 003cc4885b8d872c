using System.Net.WebSockets;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>Server pings keep idle connections open (docs/api.md §10.1; FLUX_WS_PING_SECONDS).</summary>
[Trait("Suite", "conformance")]
public sealed class KeepAliveTests
{
    [Fact]
    public async Task the_server_pings_at_the_configured_interval_and_answering_clients_stay_connected()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_WS_PING_SECONDS"] = "1" });
        using var raw = await RawWebSocket.ConnectAsync(server.BaseAddress);
        var (opcode, _) = await raw.ReadFrameAsync(op => op is 0x9, TimeSpan.FromSeconds(5));
        Assert.Equal(0x9, opcode);

        await using var client = await LiveSocket.ConnectAsync(server.BaseAddress);
        var mark = client.Count;
        await client.WaitForCountAsync(Msg.IsMetrics, 5, TimeSpan.FromSeconds(10), "five seconds of metrics on a pinged connection", mark);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
        await server.Api.PublishOkAsync("ping/x", FluxApi.Props("v", 1));
        await client.WaitForAsync(m => Msg.IsUpdateOf(m, "ping/x"), TimeSpan.FromSeconds(5), "an update after several ping rounds");
    }
}
