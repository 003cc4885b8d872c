using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>A client that stops reading for good is dropped by the server without its help (docs/api.md §10.1 pings, §10.7).</summary>
[Trait("Suite", "conformance")]
public sealed class StalledClientTests
{
    [Fact]
    public async Task a_client_that_never_reads_again_is_dropped_once_its_queue_overflows()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_WS_QUEUE_LIMIT"] = "100", ["FLUX_WS_PING_SECONDS"] = "1" });
        await using var observer = await LiveSocket.ConnectAsync(server.BaseAddress);
        await observer.SubscribeAsync("nothing-to-see");
        await using var stalled = await LiveSocket.ConnectAsync(server.BaseAddress, receiveBufferBytes: 1024, startReading: false);
        await observer.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == 2, TimeSpan.FromSeconds(10), "both connections counted");
        var padding = new string('p', 1000);
        for (var b = 0; b < 20; b++)
        {
            var events = Enumerable.Range(0, 100).Select(e => (JsonNode)EventJson.Event("stall/x", new JsonObject { ["a"] = padding, ["b"] = padding, ["c"] = padding, ["n"] = b * 100 + e })).ToArray();
            Expect.Ok(await server.Api.BatchAsync(EventJson.Batch(events)));
        }
        await observer.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == 1, TimeSpan.FromSeconds(20), "the stalled connection dropped without ever reading again");
    }
}
