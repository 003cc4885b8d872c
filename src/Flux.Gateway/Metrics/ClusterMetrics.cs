using Flux.Gateway.Live;
using Flux.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Metrics;

/// <summary>
/// A cluster gateway's figures: every <see cref="ReportInterval"/> it reports what it accepted lately and its open
/// sockets to <see cref="IClusterMetricsGrain"/> and keeps the cluster's figures it answers, so every gateway shows the
/// same figures, at most two report intervals old (within contract G3's 2 s). While no silo answers, the rate,
/// publishers and sockets are this gateway's own and the total the last the cluster gave, rather than figures that
/// stop moving.
/// </summary>
public sealed partial class ClusterMetrics(FluxGrains grains, EventCounters counters, SubscriptionHub hub, IOptions<MetricsOptions> options,
    TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ClusterMetrics> logger) : BackgroundService, IMetricsSource
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Cluster figures older than this are not shown (several reports in a row failed).</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(2);

    private readonly string _gatewayId = Guid.NewGuid().ToString("N");
    private volatile Received? _last;

    public MetricsFigures Read()
    {
        var last = _last;
        if (last is not null && time.GetElapsedTime(last.At) <= Stale)
        {
            var cluster = last.Figures;
            return new MetricsFigures(cluster.EventsTotal, cluster.RatePerSecond, cluster.ActivePublishers, cluster.WebSocketConnections, cluster.IndexLag);
        }
        return new MetricsFigures(last?.Figures.EventsTotal ?? 0, counters.RatePerSecond, counters.ActivePublishers, hub.ConnectionCount,
            last?.Figures.IndexLag ?? TimeSpan.Zero);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ReportInterval, time);
        var failing = false;
        try
        {
            // Grain calls work once the silo has joined (the client connected): every service has started.
            using (var started = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted, stoppingToken))
                await Task.Delay(Timeout.Infinite, started.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var activity = new GatewayActivity(_gatewayId, counters.RecentSeconds(), counters.RecentSources(), hub.ConnectionCount,
                        options.Value.ActivePublisherWindow);
                    _last = new Received(await grains.ClusterMetrics.ReportGatewayAsync(activity), time.GetTimestamp());
                    failing = false;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    if (!failing)
                        LogReportFailed(e);
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed record Received(ClusterFigures Figures, long At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reporting to the cluster's metrics failed; showing this gateway's own figures until it works again")]
    private partial void LogReportFailed(Exception exception);
}
