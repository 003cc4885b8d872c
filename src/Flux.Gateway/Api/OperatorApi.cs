using System.Globalization;
using System.Text;
using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Gateway.Live;
using Flux.Gateway.Metrics;
using Flux.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flux.Gateway.Api;

/// <summary>Operator endpoints (docs/api.md §6.11): liveness, readiness, Prometheus metrics.</summary>
public static class OperatorApi
{
    private const string Tag = "Operators";

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthApi();
        routes.MapGet("/metrics", MetricsAsync)
            .WithTags(Tag)
            .WithSummary("Prometheus text exposition")
            .Produces<string>(200, "text/plain");
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

    /// <summary>Prometheus text exposition (no exporter package restores here, and the format is simple).</summary>
    private static async Task MetricsAsync(HttpContext context, IMetricsSource metrics, GrainActivationMetrics grains)
    {
        // The server's figures: in the cluster every gateway shows the cluster's, the same on each (so do not sum them
        // over gateways); grain activations and memory are this process's own.
        var figures = metrics.Read();
        var text = new StringBuilder();
        Gauge(text, "flux_events_accepted_total", "Events accepted into the log.", figures.EventsTotal, "counter");
        Gauge(text, "flux_events_rate_per_second", "Events accepted per second over the last 5 seconds.", figures.RatePerSecond);
        Gauge(text, "flux_publishers_active", "Distinct event sources in the active-publisher window.", figures.ActivePublishers);
        Gauge(text, "flux_websocket_connections", "Open /api/ws connections.", figures.WebSocketConnections);
        Gauge(text, "flux_index_lag_seconds", "Age of the oldest entity state not yet written to the entity index (G3: at most 2 s).",
            figures.IndexLag.TotalSeconds);
        var (resident, activated, deactivated) = grains.Read();
        Gauge(text, "flux_grain_activations", "Resident grain activations.", resident);
        Gauge(text, "flux_grain_activations_total", "Grain activations since start.", activated, "counter");
        Gauge(text, "flux_grain_deactivations_total", "Grain deactivations since start.", deactivated, "counter");
        Gauge(text, "process_resident_memory_bytes", "Resident memory of the process.", Environment.WorkingSet);
        Gauge(text, "dotnet_gc_heap_size_bytes", "Managed heap size after the last garbage collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private static void Gauge(StringBuilder text, string name, string help, double value, string type = "gauge") =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
