using System.Text;
using Microsoft.AspNetCore.Http;

namespace Flux.Gateway.Http;

/// <summary>HTTP Basic (RFC 7617): <c>Authorization: Basic base64(user:password)</c>, what a browser sends after its login prompt.</summary>
public static class BasicCredentials
{
    /// <summary>The presented password, whatever the user name; null for a missing header, another scheme or a malformed one.</summary>
    public static string? PasswordFrom(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        const string scheme = "Basic";
        if (header.Length <= scheme.Length || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || !char.IsWhiteSpace(header[scheme.Length]))
            return null;
        var encoded = header[scheme.Length..].Trim();
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
            return null;
        var decoded = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : decoded[(colon + 1)..];
    }
}
