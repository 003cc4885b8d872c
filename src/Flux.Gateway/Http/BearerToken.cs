using Microsoft.AspNetCore.Http;

namespace Flux.Gateway.Http;

/// <summary>docs/api.md §2.8: <c>Authorization: Bearer &lt;token&gt;</c>, scheme in any casing, token trimmed.</summary>
public static class BearerToken
{
    /// <summary>The presented token, or null for a missing header, another scheme or an empty token.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        const string scheme = "Bearer";
        if (header.Length <= scheme.Length || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || !char.IsWhiteSpace(header[scheme.Length]))
            return null;
        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
