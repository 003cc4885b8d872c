using Flux.Gateway.Configuration;
using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Gateway.Requests;
using Flux.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flux.Gateway.Api;

/// <summary>Runtime limits (docs/api.md §6.9).</summary>
public static class AdminApi
{
    private const string Tag = "Admin";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/admin/config", (HttpContext context, RuntimeLimitsStore limits) => WriteAsync(context, limits.Current))
            .WithTags(Tag)
            .WithSummary("Read the runtime limits")
            .Produces<AdminConfig>();
        routes.MapPut("/api/admin/config", UpdateAsync)
            .WithTags(Tag)
            .WithSummary("Change runtime limits (the whole cluster's) until the next restart; answers all of them")
            .AcceptsJson<AdminConfigChange>()
            .Produces<AdminConfig>()
            .ProducesErrors(400, 401, 413);
        return routes;
    }

    private static async Task UpdateAsync(HttpContext context, RuntimeLimitsStore limits, AdminToken adminToken)
    {
        if (!adminToken.Admits(context.Request))
        {
            await JsonResponse.ErrorAsync(context, 401, "Unauthorized");
            return;
        }
        var body = await RequestBody.ReadOrRejectAsync(context, RequestBody.DefaultLimit);
        if (body is null)
            return;
        if (!AdminConfigPatch.TryParse(body, out var change, out var error))
        {
            await JsonResponse.ErrorAsync(context, 400, error);
            return;
        }
        await WriteAsync(context, await limits.ChangeAsync(change));
    }

    private static Task WriteAsync(HttpContext context, RuntimeLimits limits) => JsonResponse.WriteAsync(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("rate_limit_enabled", limits.RateLimitEnabled);
        w.WriteNumber("rate_limit_per_namespace_per_minute", limits.RateLimitPerNamespacePerMinute);
        w.WriteNumber("body_size_limit_single_bytes", limits.BodySizeLimitSingleBytes);
        w.WriteNumber("body_size_limit_batch_bytes", limits.BodySizeLimitBatchBytes);
        w.WriteEndObject();
    });
}
