using Flux.Gateway.Metrics;
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
    IHostApplicationLifetime lifetime, ILogger<IndexLagReporter> logger) : ClusterReporter(time, lifetime)
{
    protected override Task ReportAsync() =>
        grains.ClusterMetrics.ReportSiloAsync(new SiloActivity(silo.SiloAddress.ToParsableString(), writer.Lag));

    [LoggerMessage(Level = LogLevel.Debug, Message = "reporting the index lag to the cluster's metrics failed")]
    protected override partial void LogReportFailed(Exception exception);
}
