namespace Flux.Storage.Sqlite;

/// <summary>The namespace of an id (docs/api.md §3.1, §12): the non-empty text before the first '/', else none.</summary>
internal static class EntityNamespace
{
    public static string? Of(string id)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? id[..slash] : null;
    }
}
