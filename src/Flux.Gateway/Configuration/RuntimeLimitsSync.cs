using Flux.Gateway.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flux.Gateway.Configuration;

/// <summary>
/// In the cluster, keeps this process's runtime limits the cluster's (<see cref="RuntimeLimitsStore.SyncAsync"/>)
/// every half second, so a change made through another gateway applies here within a second.
/// </summary>
public sealed partial class RuntimeLimitsSync(RuntimeLimitsStore limits, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<RuntimeLimitsSync> logger) : ClusterReporter(time, lifetime)
{
    protected override Task ReportAsync() => limits.SyncAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "syncing the cluster's runtime limits failed; this process keeps the ones it has until it works again")]
    protected override partial void LogReportFailed(Exception exception);
}
