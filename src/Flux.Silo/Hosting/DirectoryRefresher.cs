using Flux.Contract;
using Flux.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Flux.Silo.Hosting;

/// <summary>Recomputes the directory entity every <c>FLUX_DIRECTORY_REFRESH_SECONDS</c> (docs/api.md §12.2).</summary>
public sealed partial class DirectoryRefresher(FluxGrains grains, IOptions<GrainOptions> options, TimeProvider time, ILogger<DirectoryRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DirectoryRefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.Directory.RefreshAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRefreshFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "directory refresh failed")]
    private partial void LogRefreshFailed(Exception exception);
}
