namespace Flux.Grains.Interfaces;

/// <summary>The tombstone's event id, and whether the entity existed before it.</summary>
[GenerateSerializer, Immutable, Alias("flux.DeleteOutcome")]
public readonly record struct DeleteOutcome([property: Id(0)] string EventId, [property: Id(1)] bool Existed);
