using System.Text.Json;

namespace Flux.Contract;

/// <summary>A change of one entity, stamped with its processing time (the entity's new lastUpdated).</summary>
public abstract record EntityChange(string EntityId, DateTimeOffset Timestamp);

/// <summary>Properties set by one event: the event's <c>properties</c> object, keys in submitted order.</summary>
public sealed record PropertiesChanged(string EntityId, DateTimeOffset Timestamp, JsonElement Properties) : EntityChange(EntityId, Timestamp);

/// <summary>An existing entity was removed by a tombstone.</summary>
public sealed record EntityDeleted(string EntityId, DateTimeOffset Timestamp) : EntityChange(EntityId, Timestamp);
