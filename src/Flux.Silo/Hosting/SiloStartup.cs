using Flux.Gateway.Http;
using Flux.Gateway.Metrics;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;

namespace Flux.Silo.Hosting;

/// <summary>
/// Brings the silo to ready: seeds the event counters from the log (so totals survive restarts and
/// replay is never counted), computes the directory once, then opens <c>/readyz</c>. Entity state needs
/// no start-up replay: each grain restores itself from its snapshot and log tail when first called.
/// </summary>
public sealed class SiloStartup(IEventLog log, EventCounters counters, FluxGrains grains, Readiness readiness) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        counters.Seed(await log.CountAsync(cancellationToken));
        await grains.Directory.RefreshAsync();
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
