using Flux.Contract;
using Flux.Gateway.Api;
using Flux.Gateway.Configuration;
using Flux.Gateway.Http;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Connectors;

/// <summary>
/// Whose credentials a connector request is about (docs/api.md §6.10): the fixed owner <c>default</c> in open mode; in
/// auth mode the namespace the bearer token belongs to, and a 401 <c>Invalid token: …</c> for anything else.
/// </summary>
public sealed class ConnectorOwner(IOptions<ApiOptions> api, INamespaceStore namespaces, AdminToken adminToken)
{
    private const string Hint = "send the token POST /api/namespaces returned as Authorization: Bearer <token>";

    /// <summary>The owner, or null after answering 401.</summary>
    public async Task<string?> ResolveOrRejectAsync(HttpContext context)
    {
        if (!api.Value.AuthEnabled)
            return ConnectorKey.OpenOwner;
        var token = BearerToken.From(context.Request);
        if (token is null)
        {
            await JsonResponse.ErrorAsync(context, 401, $"Invalid token: no bearer token; {Hint}");
            return null;
        }
        var owner = await namespaces.FindByTokenHashAsync(NamespaceToken.Hash(token), context.RequestAborted);
        if (owner is not null)
            return owner;
        var detail = adminToken.Matches(token) ? "the admin token is not a namespace token" : "the token belongs to no namespace";
        await JsonResponse.ErrorAsync(context, 401, $"Invalid token: {detail}; {Hint}");
        return null;
    }
}
