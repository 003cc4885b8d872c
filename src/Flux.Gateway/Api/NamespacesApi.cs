using Flux.Gateway.Configuration;
using Flux.Gateway.Connectors;
using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Gateway.Requests;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Api;

/// <summary>Namespace registration, lookup and removal (docs/api.md §6.8).</summary>
public static class NamespacesApi
{
    private const string Tag = "Namespaces";
    private const string AuthDisabled = "Namespace registration not available (auth disabled)";

    public static IEndpointRouteBuilder MapNamespacesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/namespaces", RegisterAsync)
            .WithTags(Tag)
            .WithSummary("Register a namespace (auth mode); the answer is the only time its token is shown")
            .AcceptsJson<NamespaceRequest>()
            .Produces<RegistrationAnswer>()
            .ProducesErrors(400, 401, 404, 409, 413);
        routes.MapGet("/api/namespaces/{name}", LookUpAsync)
            .WithTags(Tag)
            .WithSummary("Look up a namespace (auth mode)")
            .Produces<NamespaceDetails>()
            .ProducesErrors(404);
        routes.MapDelete("/api/namespaces/{name}", RemoveAsync)
            .WithTags(Tag)
            .WithSummary("Remove a namespace; its entities stay")
            .Produces(204)
            .ProducesErrors(401, 404);
        return routes;
    }

    private static async Task RegisterAsync(HttpContext context, IOptions<ApiOptions> api, AdminToken adminToken, FluxGrains grains,
        CredentialVault vault, IGrainFactory factory)
    {
        if (!api.Value.AuthEnabled)
        {
            await JsonResponse.ErrorAsync(context, 404, AuthDisabled);
            return;
        }
        if (!adminToken.Admits(context.Request))
        {
            await JsonResponse.ErrorAsync(context, 401, "Admin token required");
            return;
        }
        var body = await RequestBody.ReadOrRejectAsync(context, RequestBody.DefaultLimit);
        if (body is null)
            return;
        if (!NamespaceRegistration.TryParse(body, out var request, out var error))
        {
            await JsonResponse.ErrorAsync(context, 400, error);
            return;
        }
        var name = request.Name;
        if (NamespaceName.Validate(name) is { } invalid)
        {
            await JsonResponse.ErrorAsync(context, 400, invalid);
            return;
        }
        if (name == NamespaceName.Reserved)
        {
            await JsonResponse.ErrorAsync(context, 409, "Namespace name is reserved");
            return;
        }
        RegisteredNamespace? registration;
        try
        {
            registration = await grains.Namespace(name).RegisterAsync();
        }
        catch (Exception)
        {
            await JsonResponse.ErrorAsync(context, 500, "Failed to persist namespace");
            return;
        }
        if (registration is null)
        {
            await JsonResponse.ErrorAsync(context, 409, "Namespace name already exists");
            return;
        }
        // Credentials stored under the name before it was registered are never the new namespace's: the open mode's
        // owner `default` before a switch to auth mode, or a namespace removed by a request cut short before its
        // credentials were deleted.
        await ForgetConnectorsAsync(name, vault, factory);
        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("namespaceId", registration.NamespaceId);
            w.WriteString("name", registration.Name);
            w.WriteString("token", registration.Token);
            w.WriteEndObject();
        });
    }

    private static async Task LookUpAsync(HttpContext context, string name, IOptions<ApiOptions> api, FluxGrains grains)
    {
        if (!api.Value.AuthEnabled)
        {
            await JsonResponse.ErrorAsync(context, 404, AuthDisabled);
            return;
        }
        var info = NamespaceName.Validate(name) is null ? await grains.Namespace(name).GetInfoAsync() : null;
        if (info is null)
        {
            await JsonResponse.ErrorAsync(context, 404, "Namespace not found");
            return;
        }
        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("namespaceId", info.NamespaceId);
            w.WriteString("name", info.Name);
            w.WriteString("createdAt", ServerTime.Format(info.CreatedAt));
            w.WriteNumber("entityCount", info.EntityCount);
            w.WriteEndObject();
        });
    }

    private static async Task RemoveAsync(HttpContext context, string name, AdminToken adminToken, FluxGrains grains, CredentialVault vault, IGrainFactory factory)
    {
        if (!adminToken.Admits(context.Request))
        {
            await JsonResponse.ErrorAsync(context, 401, "Admin token required");
            return;
        }
        var removed = NamespaceName.Validate(name) is null && await grains.Namespace(name).RemoveAsync();
        if (!removed)
        {
            await JsonResponse.ErrorAsync(context, 404, "Namespace not found");
            return;
        }
        // Its connectors stop with it: whoever registers the name next must not poll with this one's credentials.
        await ForgetConnectorsAsync(name, vault, factory);
        context.Response.StatusCode = 204;
    }

    /// <summary>Deletes every connector credential stored under <paramref name="owner"/> and stops its pollers, to the end even if the client goes away.</summary>
    private static async Task ForgetConnectorsAsync(string owner, CredentialVault vault, IGrainFactory factory)
    {
        foreach (var connector in KnownConnectors.All)
            if (await vault.DeleteAsync(owner, connector.Name, CancellationToken.None))
                await factory.GetGrain<IConnectorGrain>(ConnectorKey.Of(owner, connector.Name)).StopAsync();
    }
}
