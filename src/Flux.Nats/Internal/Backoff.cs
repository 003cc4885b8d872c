namespace Flux.Nats.Internal;

/// <summary>
/// Reconnect delays: exponential from the minimum, capped at the maximum, and jittered over the upper
/// half of that window so a fleet of clients does not stampede a restarted server in lock-step.
/// </summary>
internal static class Backoff
{
    /// <param name="attempt">0 for the first retry.</param>
    /// <param name="random">a uniform sample in [0, 1).</param>
    public static TimeSpan Delay(TimeSpan min, TimeSpan max, int attempt, double random)
    {
        var window = min.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = (long)Math.Min(window, max.Ticks);
        return TimeSpan.FromTicks(capped / 2 + (long)(random * (capped / 2)));
    }
}
