namespace Flux.Grains.Interfaces;

/// <summary>
/// The name of Flux's own meter and activity source, the same in every process: gateways count what they accept
/// and serve, silos what they append (docs/api.md §6.11).
/// </summary>
public static class FluxTelemetry
{
    public const string Name = "Flux";
}
