namespace Flux.Grains.Interfaces;

/// <summary>An accepted event's id, and whether it had been accepted before (then it was not applied again).</summary>
public readonly record struct PublishOutcome(string EventId, bool Duplicate);
