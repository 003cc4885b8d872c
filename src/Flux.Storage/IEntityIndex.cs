namespace Flux.Storage;

/// <summary>Existing entities by id, for listing, prefix/namespace queries, counts and the directory.</summary>
public interface IEntityIndex
{
    /// <summary>One page of existing entities matching the filter, ordered by id (ordinal), with ids after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<EntityRow>> ListAsync(EntityFilter filter, string? afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many existing entities match the filter.</summary>
    Task<long> CountAsync(EntityFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per-namespace counts for the directory (docs/api.md §12): every non-empty text before the first '/'
    /// of an existing id, ordered by name; plus the count of ids without a namespace (no '/', or a leading '/').
    /// Ids in <paramref name="excludedNamespace"/> are left out of both.
    /// </summary>
    Task<(IReadOnlyList<NamespaceStats> Namespaces, long Unnamespaced)> GetNamespaceStatsAsync(string excludedNamespace, CancellationToken cancellationToken = default);
}
