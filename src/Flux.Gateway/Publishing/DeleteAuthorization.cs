using Flux.Gateway.Configuration;
using Flux.Gateway.Http;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Publishing;

/// <summary>docs/api.md §7.5: who may delete which entities in auth mode (open mode: anyone).</summary>
public sealed class DeleteAuthorization(IOptions<ApiOptions> api, AdminToken adminToken, FluxGrains grains, INamespaceStore namespaces)
{
    /// <summary>The first target the token may not delete, as a failure; null when it may delete them all.</summary>
    public async Task<PublishFailure?> CheckAsync(string? token, IReadOnlyList<string> entityIds)
    {
        if (!api.Value.AuthEnabled)
            return null;
        if (token is null)
            return Denied(401, "Missing Authorization header");
        if (adminToken.Matches(token))
            return null;
        var owned = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var id in entityIds)
        {
            var check = NamespaceClaim.ForDelete(id);
            if (check.Namespace is not { } ns)
                return Denied(check.Status, check.Message!);
            if (!owned.TryGetValue(ns, out var isOwner))
                owned[ns] = isOwner = await grains.Namespace(ns).IsTokenAsync(token);
            if (!isOwner)
                return Denied(403, TokenRefusal.CannotDelete(ns, await namespaces.FindByTokenHashAsync(NamespaceToken.Hash(token))));
        }
        return null;
    }

    private static PublishFailure Denied(int status, string message) => new(status, message, message);
}
