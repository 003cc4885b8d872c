using Microsoft.Extensions.Hosting;

namespace Flux.Gateway.Metrics;

/// <summary>
/// Reports to <see cref="Flux.Grains.Interfaces.IClusterMetricsGrain"/> every <see cref="ReportInterval"/>, from the
/// moment the host has started (grain calls work once the silo has joined or the client connected) until it stops.
/// A failure is logged once, until a report succeeds again.
/// </summary>
public abstract class ClusterReporter(TimeProvider time, IHostApplicationLifetime lifetime) : BackgroundService
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(500);

    protected TimeProvider Time => time;

    protected abstract Task ReportAsync();

    protected abstract void LogReportFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ReportInterval, time);
        var failing = false;
        try
        {
            using (var started = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted, stoppingToken))
                await Task.Delay(Timeout.Infinite, started.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReportAsync();
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
}
