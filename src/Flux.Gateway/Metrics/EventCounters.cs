using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Metrics;

/// <summary>
/// The event figures of docs/api.md §11: events ever accepted (seeded from the log at start-up, so it
/// survives restarts and never counts replay), the rate over the last 5 seconds (which falls to 0 when
/// traffic stops, because it is computed when read), and distinct recent sources (pruned when read, so
/// memory does not grow with every source ever seen).
/// </summary>
public sealed class EventCounters(IOptions<MetricsOptions> options, TimeProvider time)
{
    public const int RateWindowSeconds = 5;

    private readonly Lock _gate = new();
    private readonly long[] _perSecond = new long[RateWindowSeconds + 1];
    private readonly long[] _secondOfSlot = new long[RateWindowSeconds + 1];
    private readonly ConcurrentDictionary<string, long> _lastSeenBySource = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Seed(long total) => Interlocked.Exchange(ref _total, total);

    /// <summary>Counts one accepted event (not a de-duplicated retry).</summary>
    public void Record(string source)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Interlocked.Increment(ref _total);
        var second = now / 1000;
        var slot = (int)(second % _perSecond.Length);
        lock (_gate)
        {
            if (_secondOfSlot[slot] != second)
            {
                _secondOfSlot[slot] = second;
                _perSecond[slot] = 0;
            }
            _perSecond[slot]++;
        }
        _lastSeenBySource[source] = now;
    }

    /// <summary>Events accepted in the last <see cref="RateWindowSeconds"/> seconds, per second.</summary>
    public double RatePerSecond
    {
        get
        {
            var second = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000;
            long sum = 0;
            lock (_gate)
            {
                for (var i = 0; i < _perSecond.Length; i++)
                    if (_secondOfSlot[i] > second - RateWindowSeconds && _secondOfSlot[i] <= second)
                        sum += _perSecond[i];
            }
            return sum / (double)RateWindowSeconds;
        }
    }

    /// <summary>Distinct sources accepted strictly within the active-publisher window; forgets older ones.</summary>
    public int ActivePublishers
    {
        get
        {
            var cutoff = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.Value.ActivePublisherWindow.TotalMilliseconds;
            var active = 0;
            foreach (var (source, lastSeen) in _lastSeenBySource)
            {
                if (lastSeen > cutoff)
                    active++;
                else
                    _lastSeenBySource.TryRemove(new KeyValuePair<string, long>(source, lastSeen));
            }
            return active;
        }
    }
}
