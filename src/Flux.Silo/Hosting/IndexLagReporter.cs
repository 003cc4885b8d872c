using Flux.Grains.Interfaces;
using Flux.Storage.Postgres;
using Orleans.Runtime;

namespace Flux.Silo.Hosting;

/// <summary>
/// Reports this silo's entity index lag (<see cref="PostgresEntityIndexWriter.Lag"/>: the age of the oldest state its
/// grains handed over and PostgreSQL does not have yet, the figure contract G3 bounds by 2 s) to
/// <see cref="IClusterMetricsGrain"/> every half second; gateways export the largest as <c>flux_index_lag_seconds</c>.
/// </summary>
public sealed partial class IndexLagReporter(FluxGrains grains, PostgresEntityIndexWriter writer, ILocalSiloDetails silo, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<IndexLagReporter> logger) : BackgroundService
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(500);

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
                    await grains.ClusterMetrics.ReportSiloAsync(new SiloActivity(silo.SiloAddress.ToParsableString(), writer.Lag));
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "reporting the index lag to the cluster's metrics failed")]
    private partial void LogReportFailed(Exception exception);
}
