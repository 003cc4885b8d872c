namespace Flux.Grains.Interfaces;

/// <summary>The tombstone's event id, and whether the entity existed before it.</summary>
public readonly record struct DeleteOutcome(string EventId, bool Existed);
