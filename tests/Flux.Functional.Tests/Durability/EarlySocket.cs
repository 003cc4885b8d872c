using System.Net.WebSockets;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Durability;

/// <summary>Starts a server process and opens a WebSocket as early as it is accepted, to catch broadcasts during recovery (G8).</summary>
public static class EarlySocket
{
    public static async Task<LiveSocket> LaunchAndConnectAsync(FluxServer server)
    {
        await server.LaunchAsync(waitUntilReady: false);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await LiveSocket.ConnectAsync(server.BaseAddress, waitUntilLive: false);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"could not open a WebSocket after restart: {e.Message}\n{server.Output}");
                await Task.Delay(20);
            }
        }
    }
}
