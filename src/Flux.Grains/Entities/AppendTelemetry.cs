using System.Diagnostics;
using System.Diagnostics.Metrics;
using Flux.Grains.Interfaces;
using Flux.Storage;

namespace Flux.Grains;

/// <summary>
/// What a log append shows an operator: a span with the entity's and the events' ids, beneath the grain call that
/// asked for it (so one trace runs from the HTTP request to the store, JetStream or SQLite alike); how long the
/// append took; and how many events it applied. docs/api.md §6.11.
/// </summary>
public sealed class AppendTelemetry
{
    public const string EntityIdAttribute = "flux.entity_id";
    public const string EventIdAttribute = "flux.event_id";

    // An ActivitySource has no factory in DI: one per process, as ASP.NET Core's and Orleans' own.
    private static readonly ActivitySource Source = new(FluxTelemetry.Name);

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _applied;

    public AppendTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(FluxTelemetry.Name);
        _duration = meter.CreateHistogram<double>("flux.append.duration", "s", "How long appending a publish's events to the log took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _applied = meter.CreateCounter<long>("flux.events.applied", description: "Events appended to the log and applied to their entity's state.");
    }

    /// <summary>The append's span, or null when nobody listens; its attributes name the entity and the events.</summary>
    public static Activity? StartAppend(string entityId, AppendBatch batch)
    {
        var span = Source.StartActivity("flux.append", ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(EntityIdAttribute, entityId);
            if (batch.Events.Count == 1)
                span.SetTag(EventIdAttribute, batch.Events[0].EventId);
            else
                span.SetTag(EventIdAttribute, batch.Events.Select(e => e.EventId).ToArray());
        }
        return span;
    }

    public void Appended(TimeSpan took, IReadOnlyList<AppendResult> results)
    {
        _duration.Record(took.TotalSeconds);
        if (_applied.Enabled)
            _applied.Add(results.Count(r => !r.Duplicate));
    }
}
