using Flux.Gateway.Live;
using Flux.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Metrics;

/// <summary>
/// A cluster gateway's figures: every <see cref="ClusterReporter.ReportInterval"/> it reports what it accepted lately
/// and its open sockets to <see cref="IClusterMetricsGrain"/> and keeps the cluster's figures it answers, so every
/// gateway shows the same figures, at most two report intervals old (within contract G3's 2 s). While no silo
/// answers, the rate, publishers and sockets are this gateway's own and the total the last the cluster gave, rather
/// than figures that stop moving.
/// </summary>
public sealed partial class ClusterMetrics(FluxGrains grains, EventCounters counters, SubscriptionHub hub, IOptions<MetricsOptions> options,
    TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ClusterMetrics> logger) : ClusterReporter(time, lifetime), IMetricsSource
{
    /// <summary>Cluster figures older than this are not shown (several reports in a row failed).</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(2);

    private readonly string _gatewayId = Guid.NewGuid().ToString("N");
    private volatile Received? _last;

    public MetricsFigures Read()
    {
        var last = _last;
        if (last is not null && Time.GetElapsedTime(last.At) <= Stale)
        {
            var cluster = last.Figures;
            return new MetricsFigures(cluster.EventsTotal, cluster.RatePerSecond, cluster.ActivePublishers, cluster.WebSocketConnections, cluster.IndexLag);
        }
        return new MetricsFigures(last?.Figures.EventsTotal ?? 0, counters.RatePerSecond, counters.ActivePublishers, hub.ConnectionCount,
            last?.Figures.IndexLag ?? TimeSpan.Zero);
    }

    protected override async Task ReportAsync()
    {
        var activity = new GatewayActivity(_gatewayId, counters.RecentSeconds(), counters.RecentSources(), hub.ConnectionCount,
            options.Value.ActivePublisherWindow);
        _last = new Received(await grains.ClusterMetrics.ReportGatewayAsync(activity), Time.GetTimestamp());
    }

    private sealed record Received(ClusterFigures Figures, long At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reporting to the cluster's metrics failed; showing this gateway's own figures until it works again")]
    protected override partial void LogReportFailed(Exception exception);
}
