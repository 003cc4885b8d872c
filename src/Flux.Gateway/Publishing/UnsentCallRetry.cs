using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Flux.Gateway.Publishing;

/// <summary>
/// Sends a publish again when Orleans says it never reached a silo: the client, or the silo forwarding it, could
/// not connect (<see cref="ConnectionFailedException"/>), or the silo it reached was too busy to take it
/// (<see cref="GatewayTooBusyException"/>). Nothing was applied, so a retry cannot apply anything twice, and
/// during a failover the next attempt usually finds a live silo. A call that was sent and then lost its silo
/// (<see cref="SiloUnavailableException"/>, a timeout) may have been applied: it is not retried here but answered
/// 503 with <c>Retry-After</c>, and the client's retry with the same event id is applied at most once.
/// </summary>
public static class UnsentCallRetry
{
    /// <summary>Pauses before each retry: about two seconds in all, well inside a client's patience.</summary>
    public static readonly TimeSpan[] Pauses =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000)];

    /// <summary>Orleans completes a call it could not send with the connection's own exception, unwrapped.</summary>
    public static bool NeverSent(Exception failure) => failure is ConnectionFailedException or GatewayTooBusyException;

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeProvider time)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < Pauses.Length && NeverSent(e))
            {
                await Task.Delay(Pauses[attempt], time);
            }
        }
    }
}
