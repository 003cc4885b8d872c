using System.Diagnostics.Metrics;
using Flux.Grains.Interfaces;

namespace Flux.Gateway.Metrics;

/// <summary>Open subscriber connections of one kind on this gateway, for <c>flux_subscriber_connections{transport=…}</c>.</summary>
/// <param name="Transport">The label value: <c>websocket</c>, <c>signalr</c>.</param>
public sealed record SubscriberConnections(string Transport, Func<int> Count);

/// <summary>
/// Flux's instruments on a gateway (meter <see cref="FluxTelemetry.Name"/>, docs/api.md §6.11). The event figures are
/// the server's (<see cref="IMetricsSource"/>: in the cluster the cluster's, the same on every gateway), read when
/// scraped; grain activations and memory are this process's own. The names are those <c>/metrics</c> always had:
/// the Prometheus exporter adds <c>_total</c> to a counter and the unit (<c>_seconds</c>, <c>_bytes</c>) to the name.
/// </summary>
public sealed class GatewayInstruments
{
    private readonly Counter<long> _dropped;

    public GatewayInstruments(IMeterFactory meters, IMetricsSource source, GrainActivationMetrics grains, IEnumerable<SubscriberConnections> connections)
    {
        var meter = meters.Create(FluxTelemetry.Name);
        meter.CreateObservableCounter("flux.events.accepted", () => source.Read().EventsTotal, description: "Events accepted into the log.");
        meter.CreateObservableGauge("flux.events.rate_per_second", () => source.Read().RatePerSecond,
            description: "Events accepted per second over the last 5 seconds.");
        meter.CreateObservableGauge("flux.publishers.active", () => source.Read().ActivePublishers,
            description: "Distinct event sources in the active-publisher window.");
        meter.CreateObservableGauge("flux.websocket.connections", () => source.Read().WebSocketConnections, description: "Open /api/ws connections.");
        meter.CreateObservableGauge("flux.index.lag", () => source.Read().IndexLag.TotalSeconds, "s",
            "Age of the oldest entity state not yet written to the entity index (G3: at most 2 s).");
        var kinds = connections.ToArray();
        meter.CreateObservableGauge("flux.subscriber.connections",
            () => kinds.Select(kind => new Measurement<int>(kind.Count(), new KeyValuePair<string, object?>("transport", kind.Transport))),
            description: "Open subscriber connections on this gateway, by transport.");
        _dropped = meter.CreateCounter<long>("flux.subscribers.dropped", description: "Subscribers disconnected for being too slow (docs/api.md §10.7).");

        meter.CreateObservableGauge("flux.grain.activations", () => grains.Read().Resident, description: "Resident grain activations.");
        meter.CreateObservableCounter("flux.grain.activations_total", () => grains.Read().Created, description: "Grain activations since start.");
        meter.CreateObservableCounter("flux.grain.deactivations", () => grains.Read().Destroyed, description: "Grain deactivations since start.");
        meter.CreateObservableGauge("process.resident_memory", () => Environment.WorkingSet, "By", "Resident memory of the process.");
        meter.CreateObservableGauge("dotnet.gc.heap_size", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By",
            "Managed heap size after the last garbage collection.");
    }

    /// <summary>A subscriber was disconnected because its queue overflowed.</summary>
    public void Dropped() => _dropped.Add(1);
}
