using System.Diagnostics.Metrics;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Instruments of the embedded store (meter <c>Flux.Storage</c>), for the operators' /metrics:
/// how long group commits take (fsync included) and how many events each one carries.
/// </summary>
internal sealed class StorageMetrics : IDisposable
{
    public const string MeterName = "Flux.Storage";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<long> _commitEvents;
    private readonly Counter<long> _eventsAppended;

    public StorageMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _commitDuration = _meter.CreateHistogram<double>("flux.storage.commit.duration", "s", "Time of one group commit, from BEGIN to the fsynced COMMIT.");
        _commitEvents = _meter.CreateHistogram<long>("flux.storage.commit.events", "{event}", "Events appended by one group commit.");
        _eventsAppended = _meter.CreateCounter<long>("flux.storage.events.appended", "{event}", "Events appended to the log (duplicates excluded).");
    }

    public void Committed(TimeSpan duration, long events)
    {
        _commitDuration.Record(duration.TotalSeconds);
        _commitEvents.Record(events);
        _eventsAppended.Add(events);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
