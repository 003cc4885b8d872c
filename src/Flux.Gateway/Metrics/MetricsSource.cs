using Flux.Gateway.Live;

namespace Flux.Gateway.Metrics;

/// <summary>The figures <c>metrics_update</c> and <c>/metrics</c> report (docs/api.md §11), for the whole server.</summary>
public readonly record struct MetricsFigures(long EventsTotal, double RatePerSecond, int ActivePublishers, int WebSocketConnections, TimeSpan IndexLag);

/// <summary>Where the server's figures come from: this process (embedded) or the cluster (<see cref="ClusterMetrics"/>).</summary>
public interface IMetricsSource
{
    MetricsFigures Read();
}

/// <summary>
/// The embedded profile's figures: the one process is the whole server, and its entity index is written in the same
/// commit as the log, so it never lags.
/// </summary>
public sealed class LocalMetrics(EventCounters counters, SubscriptionHub hub) : IMetricsSource
{
    public MetricsFigures Read() =>
        new(counters.Total, counters.RatePerSecond, counters.ActivePublishers, hub.ConnectionCount, TimeSpan.Zero);
}
