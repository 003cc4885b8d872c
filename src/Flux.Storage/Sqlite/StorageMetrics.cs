using System.Diagnostics.Metrics;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Instruments of the embedded store (meter <c>Flux.Storage</c>), for the operators' /metrics:
/// how long group commits take (fsync included) and how many events each one carries.
/// </summary>
internal sealed class StorageMetrics : IDisposable
{
    public const string MeterName = "Flux.Storage";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Histogram<double> commitDuration;
    private readonly Histogram<long> commitEvents;
    private readonly Counter<long> eventsAppended;

    public StorageMetrics(IMeterFactory? meterFactory)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        commitDuration = meter.CreateHistogram<double>("flux.storage.commit.duration", "s", "Time of one group commit, from BEGIN to the fsynced COMMIT.");
        commitEvents = meter.CreateHistogram<long>("flux.storage.commit.events", "{event}", "Events appended by one group commit.");
        eventsAppended = meter.CreateCounter<long>("flux.storage.events.appended", "{event}", "Events appended to the log (duplicates excluded).");
    }

    public void Committed(TimeSpan duration, long events)
    {
        commitDuration.Record(duration.TotalSeconds);
        commitEvents.Record(events);
        eventsAppended.Add(events);
    }

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
