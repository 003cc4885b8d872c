using System.Security.Cryptography;
using System.Text;
using Flux.Gateway.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Http;

/// <summary>The configured admin token (docs/api.md §7.2), compared in constant time through its hash.</summary>
public sealed class AdminToken(IOptions<ApiOptions> api)
{
    private readonly byte[]? _hash = api.Value.AdminToken is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public bool IsConfigured => _hash is not null;

    public bool Matches(string? presented) =>
        _hash is not null && presented is not null &&
        CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>True when the request may perform an admin-gated operation: no token configured, or it carries it.</summary>
    public bool Admits(HttpRequest request) => !IsConfigured || Matches(BearerToken.From(request));

    /// <summary>
    /// As <see cref="Admits"/>, for pages a person opens in a browser (the Orleans Dashboard): the token may also come
    /// as the password of HTTP Basic, which a browser asks for and then sends with every request the page makes.
    /// </summary>
    public bool AdmitsBrowser(HttpRequest request) =>
        Admits(request) || Matches(BasicCredentials.PasswordFrom(request));
}
