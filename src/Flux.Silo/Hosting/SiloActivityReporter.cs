using Flux.Gateway.Metrics;
using Flux.Grains.Interfaces;
using Flux.Storage.Postgres;
using Orleans.Runtime;

namespace Flux.Silo.Hosting;

/// <summary>
/// Reports to <see cref="IClusterMetricsGrain"/> every half second this silo's entity index lag
/// (<see cref="PostgresEntityIndexWriter.Lag"/>: the age of the oldest state its grains handed over and PostgreSQL does
/// not have yet, the figure contract G3 bounds by 2 s; gateways export the largest as <c>flux_index_lag_seconds</c>),
/// and what its connectors published lately, which gateways add to the rate and the active publishers.
/// </summary>
public sealed partial class SiloActivityReporter(FluxGrains grains, PostgresEntityIndexWriter writer, EventCounters accepted, ILocalSiloDetails silo,
    TimeProvider time, IHostApplicationLifetime lifetime, ILogger<SiloActivityReporter> logger) : ClusterReporter(time, lifetime)
{
    protected override Task ReportAsync() =>
        grains.ClusterMetrics.ReportSiloAsync(new SiloActivity(silo.SiloAddress.ToParsableString(), writer.Lag, accepted.RecentSeconds(), accepted.RecentSources()));

    [LoggerMessage(Level = LogLevel.Debug, Message = "reporting this silo's activity to the cluster's metrics failed")]
    protected override partial void LogReportFailed(Exception exception);
}
