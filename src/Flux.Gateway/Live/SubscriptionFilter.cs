using System.Collections.Immutable;
using System.Text.Json;

namespace Flux.Gateway.Live;

/// <summary>What a subscription names (docs/api.md §10.2): one entity id (or <c>*</c>), an id prefix, or a namespace.</summary>
public enum FilterKind
{
    EntityId,
    Prefix,
    Namespace,
}

/// <summary>One subscription filter, the same through <c>/api/ws</c> and <c>/api/hub</c>.</summary>
public readonly record struct SubscriptionFilter(FilterKind Kind, string Value)
{
    public const string Wildcard = "*";

    /// <summary>What a client sends instead of a filter it got wrong: the one message for both doors.</summary>
    public const string Expected = """a filter is an object with one string member: {"entity_id":"<id or *>"}, {"prefix":"<id prefix>"} or {"namespace":"<namespace>"}""";

    public bool Matches(string entityId) => Kind switch
    {
        FilterKind.EntityId => Value == Wildcard || Value == entityId,
        FilterKind.Prefix => entityId.StartsWith(Value, StringComparison.Ordinal),
        _ => entityId.Length > Value.Length && entityId[Value.Length] == '/' && entityId.StartsWith(Value, StringComparison.Ordinal),
    };

    /// <summary>
    /// The filter an object names with exactly one of <c>entity_id</c> (or its alias <c>entityId</c>), <c>prefix</c> and
    /// <c>namespace</c>, each a string (prefix and namespace not empty); null for anything else. Other members are ignored.
    /// </summary>
    public static SubscriptionFilter? From(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
            return null;
        SubscriptionFilter? found = null;
        foreach (var (name, kind) in Members)
        {
            if (!message.TryGetProperty(name, out var value) || (name == "entityId" && found?.Kind == FilterKind.EntityId))
                continue; // entity_id wins over its alias, as it always did
            if (found is not null || value.ValueKind != JsonValueKind.String || (value.GetString()!.Length == 0 && kind != FilterKind.EntityId))
                return null;
            found = new SubscriptionFilter(kind, value.GetString()!);
        }
        return found;
    }

    private static readonly (string Name, FilterKind Kind)[] Members =
        [("entity_id", FilterKind.EntityId), ("entityId", FilterKind.EntityId), ("prefix", FilterKind.Prefix), ("namespace", FilterKind.Namespace)];
}

/// <summary>
/// A connection's filters (docs/api.md §10.2): with none, or with <c>*</c>, it receives every update; otherwise the
/// updates of entities any filter matches. Immutable, so the fan-out reads it without a lock.
/// </summary>
public sealed class SubscriptionSet
{
    public static readonly SubscriptionSet Empty = new([]);

    private readonly ImmutableHashSet<SubscriptionFilter> _filters;
    private readonly ImmutableHashSet<string> _ids;
    private readonly ImmutableArray<SubscriptionFilter> _others;

    private SubscriptionSet(ImmutableHashSet<SubscriptionFilter> filters)
    {
        _filters = filters;
        _ids = filters.Where(f => f.Kind == FilterKind.EntityId).Select(f => f.Value).ToImmutableHashSet(StringComparer.Ordinal);
        _others = [.. filters.Where(f => f.Kind != FilterKind.EntityId)];
        WatchesEverything = filters.IsEmpty || _ids.Contains(SubscriptionFilter.Wildcard);
    }

    public bool WatchesEverything { get; }

    public bool Watches(string entityId)
    {
        if (WatchesEverything || _ids.Contains(entityId))
            return true;
        foreach (var filter in _others)
            if (filter.Matches(entityId))
                return true;
        return false;
    }

    public SubscriptionSet With(SubscriptionFilter filter) => _filters.Contains(filter) ? this : new(_filters.Add(filter));

    /// <summary>Removes that exact filter: unsubscribing <c>*</c> removes only the wildcard (§10.3).</summary>
    public SubscriptionSet Without(SubscriptionFilter filter) => _filters.Contains(filter) ? new(_filters.Remove(filter)) : this;
}
