using Flux.Gateway.Metrics;
using Flux.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Live;

/// <summary>
/// Sends <c>metrics_update</c> (docs/api.md §10.6, §11) to every connection each metrics interval: the server's figures
/// (<see cref="IMetricsSource"/>: the cluster's in the cluster profile), and the entities counted in the shared index.
/// </summary>
public sealed class MetricsBroadcaster(SubscriptionHub hub, IMetricsSource metrics, IEntityIndex index, IOptions<MetricsOptions> options, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BroadcastInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!hub.HasSubscribers)
                    continue;
                // The system entity is not in the index but counts as an entity (§11).
                var entities = await index.CountAsync(EntityFilter.All, stoppingToken) + 1;
                var figures = metrics.Read();
                hub.Broadcast(LiveHub.Metrics, LiveMessages.MetricsUpdate(time.GetUtcNow(), entities, figures.EventsTotal, figures.RatePerSecond,
                    figures.WebSocketConnections, figures.ActivePublishers));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
