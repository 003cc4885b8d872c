using Flux.Gateway.Documentation;
using Flux.Gateway.Hosting;
using Flux.Gateway.Http;
using Flux.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flux.Gateway.Api;

/// <summary>Operator endpoints (docs/api.md §6.11): liveness, readiness, Prometheus metrics (<see cref="Telemetry"/>).</summary>
public static class OperatorApi
{
    public const string Tag = "Operators";

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthApi();
        routes.MapMetrics();
        return routes;
    }

    /// <summary>Liveness and readiness alone: what a cluster silo, which serves no API, answers.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        // A Delegate, not a RequestDelegate: the API document describes only the former.
        routes.MapGet("/healthz", (Delegate)LiveAsync)
            .WithTags(Tag)
            .WithSummary("Liveness: `ok` while the process serves HTTP")
            .Produces<ProcessStatus>();
        routes.MapGet("/readyz", ReadyAsync)
            .WithTags(Tag)
            .WithSummary("Readiness: `ready`, or 503 saying what the process waits for")
            .Produces<ProcessStatus>()
            .ProducesErrors(503);
        return routes;
    }

    private static Task LiveAsync(HttpContext context) => JsonResponse.WriteAsync(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "ok");
        w.WriteEndObject();
    });

    private static async Task ReadyAsync(HttpContext context, Readiness readiness, IEventLog log)
    {
        if (readiness.Reason is { } reason)
        {
            await JsonResponse.ErrorAsync(context, 503, reason);
            return;
        }
        try
        {
            await log.CountAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reason of an unavailable store is what clients get with a 503 too (Unavailability); others stay inside.
            await JsonResponse.ErrorAsync(context, 503, Unavailability.Reason(e) is { } cause ? $"storage unreachable: {cause}" : "storage unreachable");
            return;
        }
        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "ready");
            w.WriteEndObject();
        });
    }
}
