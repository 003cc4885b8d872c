using System.Text.Json;

namespace Flux.Functional.Tests.Client;

/// <summary>Reads `metrics_update` messages; "settled" ones are built after the G3 staleness bound.</summary>
public static class MetricsProbe
{
    /// <summary>Staleness bound for scans and metrics (docs/api.md G3) plus a little clock slack.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2.2);

    /// <summary>A metrics message built late enough to reflect every write acknowledged before this call.</summary>
    public static Task<JsonElement> SettledAsync(LiveSocket socket)
    {
        var notBefore = DateTimeOffset.UtcNow + Settle;
        return socket.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Time(m) >= notBefore, TimeSpan.FromSeconds(15), "a settled metrics_update");
    }

    public static async Task<JsonElement> SettledAsync(Uri baseAddress)
    {
        await using var socket = await LiveSocket.ConnectAsync(baseAddress);
        return await SettledAsync(socket);
    }
}
