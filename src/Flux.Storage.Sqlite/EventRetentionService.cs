using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flux.Storage.Sqlite;

/// <summary>Prunes the log by the retention policy at start-up and then every <see cref="Interval"/>.</summary>
internal sealed partial class EventRetentionService(
    EmbeddedStorage storage, RetentionPolicy policy, TimeProvider timeProvider, ILogger<EventRetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            try
            {
                var removed = await storage.Log.PruneAsync(policy, stoppingToken);
                if (removed > 0)
                {
                    LogPruned(logger, removed);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPruneFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {EventCount} events from the log")]
    private static partial void LogPruned(ILogger logger, long eventCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pruning the event log failed; retrying at the next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
