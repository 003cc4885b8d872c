namespace Flux.Gateway.Publishing;

/// <summary>
/// The texts of auth-mode refusals (docs/api.md §7.4, §7.5). The statuses are the contract's; the texts
/// say what to do, and tell a token of another namespace apart from a token of none.
/// </summary>
public static class TokenRefusal
{
    public static string NotRegistered(string ns) =>
        $"Namespace '{ns}' not found: register it with POST /api/namespaces {{\"name\":\"{ns}\"}} (admin token), " +
        "then send the token it returns as 'Authorization: Bearer <token>'";

    /// <param name="owner">The namespace the presented token belongs to, or null when it belongs to none.</param>
    public static string CannotWrite(string ns, string? owner) =>
        $"Token does not have permission to write to namespace '{ns}': {WhoseToken(owner)}";

    /// <param name="owner">The namespace the presented token belongs to, or null when it belongs to none.</param>
    public static string CannotDelete(string ns, string? owner) =>
        $"Token does not own namespace '{ns}': {WhoseToken(owner)}";

    private static string WhoseToken(string? owner) => owner is null
        ? "the token belongs to no namespace (a token is shown once, by POST /api/namespaces)"
        : $"it is the token of namespace '{owner}', which may write only ids starting with '{owner}/'";
}
