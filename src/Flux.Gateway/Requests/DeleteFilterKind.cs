namespace Flux.Gateway.Requests;

/// <summary>Which targets a batch delete selects (docs/api.md §6.7).</summary>
public enum DeleteFilterKind
{
    /// <summary>Current entities whose id starts with <c>&lt;namespace&gt;/</c>.</summary>
    Namespace,

    /// <summary>Current entities whose id starts with the prefix; an empty prefix selects every entity.</summary>
    Prefix,

    /// <summary>Exactly the listed ids, in order, duplicates kept, existence not checked.</summary>
    EntityIds,
}
