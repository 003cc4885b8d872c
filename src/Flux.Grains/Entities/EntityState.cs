using System.Text.Json;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;

namespace Flux.Grains;

/// <summary>
/// An entity's state as an immutable value, so a publish can fold into a copy and adopt it only
/// once the events are durable. <see cref="Properties"/> is null while the entity does not exist.
/// </summary>
internal sealed record EntityState(byte[]? Properties, DateTimeOffset LastUpdated)
{
    public static readonly EntityState Absent = new(null, default);

    public bool Exists => Properties is not null;

    public static EntityState FromSnapshot(EntitySnapshot? snapshot) =>
        snapshot?.Properties is { } properties ? new EntityState(properties.ToArray(), snapshot.LastUpdated) : Absent;

    /// <summary>
    /// Folds one event (docs/api.md §5); returns this instance when the event changes nothing.
    /// <paramref name="change"/> is what subscribers are told, null when nothing changed.
    /// </summary>
    public EntityState Apply(string entityId, FluxEvent e, DateTimeOffset acceptedAt, out EntityChange? change)
    {
        change = null;
        if (!e.TryGetProperties(out var properties))
            return this;
        if (PropertyBag.IsTombstone(properties))
        {
            if (!Exists)
                return this;
            change = new EntityDeleted(entityId, acceptedAt);
            return Absent;
        }
        if (properties.GetPropertyCount() == 0)
            return this;
        change = new PropertiesChanged(entityId, acceptedAt, properties);
        return new EntityState(PropertyBag.Merge(Properties ?? [], properties), acceptedAt);
    }

    public EntityView? ToView(string entityId) => Properties is null ? null : new EntityView(entityId, Properties, LastUpdated);

    public EntitySnapshot ToSnapshot(string entityId, long position) =>
        // Spelled out: a null byte[] (or a bare null next to a ReadOnlyMemory) converts to an empty, non-null memory.
        new(entityId, Properties is null ? (ReadOnlyMemory<byte>?)null : Properties, LastUpdated, position);
}
