using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Flux.Grains;

/// <summary>
/// The cluster's figures (docs/api.md §11; docs/architecture.md §4, cluster metrics). Every gateway counts what it
/// accepts and reports its recent per-second counts, recent sources and open sockets here every half second; every
/// silo reports its entity index lag and, counted the same way, what its connectors published. The grain keeps each
/// process's last report and answers every gateway with the same sums, so all gateways show the same figures. The
/// total comes from the log, the one place that knows it.
///
/// Failure cases: a process that stops reporting (stopped, killed, cut off) stops counting after
/// <see cref="ReportLifetime"/>. If the silo holding this grain dies, the next report activates it elsewhere with no
/// reports; the figures are whole again within one report interval of every process. Nothing here is durable, and
/// nothing needs to be: a report carries the whole window it describes. Reentrant: no call waits for another, and
/// the log is read beside the reports, never in their way (a NATS outage leaves the last total).
/// </summary>
[GrainType("cluster-metrics")]
[Reentrant]
public sealed partial class ClusterMetricsGrain(IEventLog log, TimeProvider time, ILogger<ClusterMetricsGrain> logger) : Grain, IClusterMetricsGrain
{
    /// <summary>How long a process's last report counts: ten of its report intervals.</summary>
    public static readonly TimeSpan ReportLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The log's total is read again at most this often.</summary>
    private static readonly TimeSpan TotalRefresh = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, (GatewayActivity Activity, long At)> _gateways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SiloActivity Activity, long At)> _silos = new(StringComparer.Ordinal);
    private long _total;
    private long _totalReadAt;
    private Task? _counting;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        StartCounting();
        return Task.CompletedTask;
    }

    public Task<ClusterFigures> ReportGatewayAsync(GatewayActivity activity)
    {
        var at = time.GetTimestamp();
        _gateways[activity.GatewayId] = (activity, at);
        Forget(_gateways, at);
        Forget(_silos, at);
        if (_counting is not { IsCompleted: false } && time.GetElapsedTime(_totalReadAt) >= TotalRefresh)
            StartCounting();

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var reports = _gateways.Values.Select(g => g.Activity).ToList();
        var silos = _silos.Values.Select(s => s.Activity).ToList();
        // A silo of the version before connectors were counted (a rolling upgrade) reports no counts: null here.
        var accepted = reports.SelectMany(r => r.AcceptedPerSecond).Concat(silos.SelectMany(s => s.AcceptedPerSecond ?? []));
        var sources = reports.SelectMany(r => r.Sources).Concat(silos.SelectMany(s => s.Sources ?? []));
        var figures = new ClusterFigures(
            EventsTotal: _total,
            RatePerSecond: AcceptedEvents.RatePerSecond(accepted, nowMs / 1000),
            ActivePublishers: AcceptedEvents.ActivePublishers(sources, nowMs - (long)activity.ActivePublisherWindow.TotalMilliseconds),
            WebSocketConnections: reports.Sum(r => r.WebSocketConnections),
            IndexLag: _silos.Count == 0 ? TimeSpan.Zero : _silos.Values.Max(s => s.Activity.IndexLag),
            Gateways: _gateways.Count,
            Silos: _silos.Count);
        return Task.FromResult(figures);
    }

    public Task ReportSiloAsync(SiloActivity activity)
    {
        var at = time.GetTimestamp();
        _silos[activity.SiloId] = (activity, at);
        Forget(_silos, at);
        return Task.CompletedTask;
    }

    private void Forget<T>(Dictionary<string, (T Activity, long At)> reports, long now)
    {
        foreach (var (id, report) in reports)
            if (time.GetElapsedTime(report.At, now) > ReportLifetime)
                reports.Remove(id);
    }

    /// <summary>Reads the log's total beside the reports; the figure is at most one read behind.</summary>
    private void StartCounting()
    {
        _totalReadAt = time.GetTimestamp();
        _counting = CountAsync();

        async Task CountAsync()
        {
            try
            {
                _total = Math.Max(_total, await log.CountAsync());
            }
            catch (Exception e)
            {
                LogCountFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "reading the log's event total failed; the last one stands")]
    private partial void LogCountFailed(Exception exception);
}
