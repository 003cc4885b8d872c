namespace Flux.Grains.Interfaces;

/// <summary>
/// How the rate and the active publishers of docs/api.md §11 are computed from what was accepted, the same way for one
/// gateway's own counters and for the cluster's sum of every gateway's.
/// </summary>
public static class AcceptedEvents
{
    /// <summary>The rate's window (a fixed constant of the contract).</summary>
    public const int RateWindowSeconds = 5;

    /// <summary>Events accepted in the <see cref="RateWindowSeconds"/> seconds up to <paramref name="nowSecond"/>, per second.</summary>
    public static double RatePerSecond(IEnumerable<SecondCount> accepted, long nowSecond)
    {
        long sum = 0;
        foreach (var (second, count) in accepted)
            if (second > nowSecond - RateWindowSeconds && second <= nowSecond)
                sum += count;
        return sum / (double)RateWindowSeconds;
    }

    /// <summary>Distinct sources that published strictly after <paramref name="cutoffMilliseconds"/>.</summary>
    public static int ActivePublishers(IEnumerable<SourceSeen> sources, long cutoffMilliseconds) =>
        sources.Where(s => s.UnixMilliseconds > cutoffMilliseconds).Select(s => s.Source).Distinct(StringComparer.Ordinal).Count();
}
