using Flux.Contract;

namespace Flux.Storage;

/// <summary>
/// An accepted event as the log stores it: the envelope exactly as history returns it
/// (UTF-8 JSON, docs/api.md §4.2), plus the columns the log is queried by.
/// </summary>
/// <param name="EventId">Unique across the log; a second append with the same id is a duplicate.</param>
/// <param name="EntityId">payload.entity_id when it is a string, else null (then no entity is affected).</param>
/// <param name="Source">The event's source, kept for the active-publisher metric.</param>
/// <param name="AcceptedAt">Server processing time; drives history's <c>since</c> and <c>lastUpdated</c> after replay.</param>
/// <param name="Envelope">The stored envelope, UTF-8 JSON.</param>
/// <param name="Change">What the event changed, announced on the <see cref="ChangeStream"/> once it is stored; null when nothing.</param>
public sealed record EventRecord(string EventId, string? EntityId, string Source, DateTimeOffset AcceptedAt, ReadOnlyMemory<byte> Envelope,
    EntityChange? Change = null);
