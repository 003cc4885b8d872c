using System.Collections.Concurrent;
using Flux.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Metrics;

/// <summary>
/// The event figures of docs/api.md §11 for what this gateway accepted: events ever accepted (seeded from the log at
/// start-up in the embedded profile, so it survives restarts and never counts replay), the rate over the last 5
/// seconds (which falls to 0 when traffic stops, because it is computed when read), and distinct recent sources
/// (pruned when read, so memory does not grow with every source ever seen). In the cluster each gateway reports
/// <see cref="RecentSeconds"/> and <see cref="RecentSources"/> to <see cref="IClusterMetricsGrain"/> (ClusterMetrics),
/// and so does every silo for what its connectors publish (SiloActivityReporter).
/// </summary>
public sealed class EventCounters(IOptions<MetricsOptions> options, TimeProvider time) : IAcceptedEventCounter
{
    public const int RateWindowSeconds = AcceptedEvents.RateWindowSeconds;

    private readonly Lock _gate = new();
    private readonly long[] _perSecond = new long[RateWindowSeconds + 1];
    private readonly long[] _secondOfSlot = new long[RateWindowSeconds + 1];
    private readonly ConcurrentDictionary<string, long> _lastSeenBySource = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Seed(long total) => Interlocked.Exchange(ref _total, total);

    /// <summary>Counts one accepted event (not a de-duplicated retry).</summary>
    public void Record(string source) => Record(source, 1);

    /// <summary>Counts <paramref name="count"/> accepted events of one source.</summary>
    public void Record(string source, int count)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Interlocked.Add(ref _total, count);
        var second = now / 1000;
        var slot = (int)(second % _perSecond.Length);
        lock (_gate)
        {
            if (_secondOfSlot[slot] != second)
            {
                _secondOfSlot[slot] = second;
                _perSecond[slot] = 0;
            }
            _perSecond[slot] += count;
        }
        _lastSeenBySource[source] = now;
    }

    /// <summary>Events accepted in the last <see cref="RateWindowSeconds"/> seconds, per second.</summary>
    public double RatePerSecond => AcceptedEvents.RatePerSecond(RecentSeconds(), time.GetUtcNow().ToUnixTimeMilliseconds() / 1000);

    /// <summary>Distinct sources accepted strictly within the active-publisher window; forgets older ones.</summary>
    public int ActivePublishers => RecentSources().Length;

    /// <summary>Events accepted per second, for the seconds of the rate window (and the one before, still in its slot).</summary>
    public SecondCount[] RecentSeconds()
    {
        lock (_gate)
            return [.. Enumerable.Range(0, _perSecond.Length).Where(i => _perSecond[i] > 0).Select(i => new SecondCount(_secondOfSlot[i], _perSecond[i]))];
    }

    /// <summary>Each source accepted strictly within the active-publisher window, with when it last was; forgets older ones.</summary>
    public SourceSeen[] RecentSources()
    {
        var cutoff = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.Value.ActivePublisherWindow.TotalMilliseconds;
        var recent = new List<SourceSeen>();
        foreach (var (source, lastSeen) in _lastSeenBySource)
        {
            if (lastSeen > cutoff)
                recent.Add(new SourceSeen(source, lastSeen));
            else
                _lastSeenBySource.TryRemove(new KeyValuePair<string, long>(source, lastSeen));
        }
        return [.. recent];
    }
}
