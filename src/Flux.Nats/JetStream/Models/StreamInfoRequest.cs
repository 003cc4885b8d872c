namespace Flux.Nats.JetStream.Models;

public sealed record StreamInfoRequest
{
    /// <summary>When set, the state lists message counts per matching subject.</summary>
    public string? SubjectsFilter { get; init; }
}
