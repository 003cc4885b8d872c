namespace Flux.Grains.Interfaces;

/// <summary>
/// The cluster's figures for <c>metrics_update</c> and <c>/metrics</c> (docs/api.md §11), gathered from every process:
/// each gateway reports what it accepted lately and how many sockets it holds, each silo how far its entity index
/// lags and what its connectors published lately, and every gateway gets back the same sums. One activation for the
/// cluster (<see cref="Key"/>).
/// </summary>
[Alias("flux.IClusterMetricsGrain")]
public interface IClusterMetricsGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Replaces this gateway's last report and answers the cluster's figures, this report included.</summary>
    [Alias("ReportGateway")]
    Task<ClusterFigures> ReportGatewayAsync(GatewayActivity activity);

    /// <summary>Replaces this silo's last report.</summary>
    [Alias("ReportSilo")]
    Task ReportSiloAsync(SiloActivity activity);
}

/// <summary>
/// What one gateway accepted lately: events per second (Unix seconds, only the rate window's), each source with the
/// time it last published (Unix milliseconds, only the active-publisher window's), and its open WebSockets.
/// </summary>
[GenerateSerializer, Immutable, Alias("flux.GatewayActivity")]
public sealed record GatewayActivity(
    [property: Id(0)] string GatewayId,
    [property: Id(1)] SecondCount[] AcceptedPerSecond,
    [property: Id(2)] SourceSeen[] Sources,
    [property: Id(3)] int WebSocketConnections,
    [property: Id(4)] TimeSpan ActivePublisherWindow);

[GenerateSerializer, Immutable, Alias("flux.SecondCount")]
public readonly record struct SecondCount([property: Id(0)] long UnixSecond, [property: Id(1)] long Count);

[GenerateSerializer, Immutable, Alias("flux.SourceSeen")]
public readonly record struct SourceSeen([property: Id(0)] string Source, [property: Id(1)] long UnixMilliseconds);

/// <summary>
/// One silo's entity index lag (the age of the oldest entity state it has not yet written, contract G3), and what its
/// connectors published lately, counted as a gateway counts what it accepts.
/// </summary>
[GenerateSerializer, Immutable, Alias("flux.SiloActivity")]
public sealed record SiloActivity(
    [property: Id(0)] string SiloId,
    [property: Id(1)] TimeSpan IndexLag,
    [property: Id(2)] SecondCount[] AcceptedPerSecond,
    [property: Id(3)] SourceSeen[] Sources);

/// <summary>
/// The cluster's figures: events ever accepted (from the log), accepted per second over the rate window and distinct
/// sources in the active-publisher window (summed over gateways and silos), open WebSockets (summed over gateways),
/// and the largest entity index lag of any silo; with how many gateways and silos reported.
/// </summary>
[GenerateSerializer, Immutable, Alias("flux.ClusterFigures")]
public sealed record ClusterFigures(
    [property: Id(0)] long EventsTotal,
    [property: Id(1)] double RatePerSecond,
    [property: Id(2)] int ActivePublishers,
    [property: Id(3)] int WebSocketConnections,
    [property: Id(4)] TimeSpan IndexLag,
    [property: Id(5)] int Gateways,
    [property: Id(6)] int Silos);
