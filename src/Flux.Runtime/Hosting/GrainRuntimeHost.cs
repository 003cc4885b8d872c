using Flux.Runtime.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Flux.Runtime.Hosting;

/// <summary>
/// Runs the idle collector every <see cref="GrainRuntimeOptions.CollectionInterval"/> and, when the host
/// stops, deactivates every activation (so grains write their snapshots) after in-flight calls finish.
/// </summary>
internal sealed class GrainRuntimeHost(GrainRuntime runtime, IOptions<GrainRuntimeOptions> options) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _collector = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _collector = CollectAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task CollectAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionInterval, runtime.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await runtime.CollectIdleAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    runtime.Logger.CollectionFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _collector.ConfigureAwait(false);
        await runtime.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
