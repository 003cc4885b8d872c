namespace Flux.Grains.Interfaces;

/// <summary>An accepted event's id, and whether it had been accepted before (then it was not applied again).</summary>
[GenerateSerializer, Immutable, Alias("flux.PublishOutcome")]
public readonly record struct PublishOutcome([property: Id(0)] string EventId, [property: Id(1)] bool Duplicate);
