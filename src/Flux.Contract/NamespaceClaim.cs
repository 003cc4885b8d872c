namespace Flux.Contract;

/// <summary>
/// Which namespace an entity id claims, decided before any registry lookup: docs/api.md §7.4
/// steps 2–4 for event writes and §7.5 steps 3–4 for deletes. The two differ only in status
/// codes and wording, which the original used and clients have seen.
/// </summary>
/// <param name="Namespace">The namespace the id belongs to, when <see cref="IsValid"/>.</param>
/// <param name="Status">0 when valid, else the HTTP status to answer (401 or 400).</param>
/// <param name="Message">Null when valid, else the error message.</param>
public sealed record NamespaceClaim(string? Namespace, int Status, string? Message)
{
    public bool IsValid => Status == 0;

    /// <summary>§7.4 steps 2–4: an event's <c>payload.entity_id</c> (null when missing or not a string).</summary>
    public static NamespaceClaim ForEventWrite(string? entityId)
    {
        if (entityId is null)
        {
            return new(null, 401, "Missing 'entity_id' field in payload");
        }

        var slash = entityId.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new(null, 401, $"Entity ID '{entityId}' missing namespace prefix (expected '<namespace>/<name>', such as 'dawn-coral/{entityId}')");
        }

        return HasValidParts(entityId, slash)
            ? new(entityId[..slash], 0, null)
            : new(null, 401, $"Failed to parse entity_id '{entityId}'");
    }

    /// <summary>§7.5 steps 3–4: one delete target.</summary>
    public static NamespaceClaim ForDelete(string entityId)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        var slash = entityId.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new(null, 401, $"Entity '{entityId}' has no namespace: a namespace token deletes only ids '<namespace>/<name>' of its namespace; the admin token deletes any");
        }

        return HasValidParts(entityId, slash)
            ? new(entityId[..slash], 0, null)
            : new(null, 400, $"invalid entity id '{entityId}'");
    }

    // The namespace part must obey the name rule and something must follow the first '/'
    // (which may itself contain '/': "matt/room/101" belongs to "matt").
    private static bool HasValidParts(string entityId, int slash) =>
        slash < entityId.Length - 1 && NamespaceName.IsValid(entityId.AsSpan(0, slash));
}
