namespace Flux.Contract;

/// <summary>Entity id conventions (docs/api.md §3.1): the namespace is the text before the first <c>/</c>.</summary>
public static class EntityIds
{
    /// <summary>Ids with this prefix belong to system entities; clients may read but never write or delete them.</summary>
    public const string ReservedPrefix = "flux-core/";

    /// <summary>
    /// The longest entity id Flux stores, in UTF-8 bytes; a longer one is refused with 400 (docs/api.md §3.1 asks
    /// for at least 512). Both profiles keep the same limit; the cluster's log names a subject after the id.
    /// </summary>
    public const int MaxBytes = 1024;

    /// <summary>The system entity summarising namespaces (§12).</summary>
    public const string Directory = "flux-core/directory";

    /// <summary>The text before the first <c>/</c>, or null when the id has none.</summary>
    public static string? NamespaceOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? null : id[..slash];
    }

    /// <summary>True for ids of system entities (<c>flux-core/…</c>).</summary>
    public static bool IsReserved(string? id) => id is not null && id.StartsWith(ReservedPrefix, StringComparison.Ordinal);
}
