using Flux.Configuration;
using Flux.Gateway.Api;
using Flux.Gateway.Documentation;
using Flux.Gateway.Metrics;
using Flux.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NATS.Client.OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Flux.Gateway.Hosting;

/// <summary>
/// OpenTelemetry in every Flux process (docs/api.md §6.11): Flux's meter, Orleans', NATS.Net's, ASP.NET Core's and
/// the runtime's, served as Prometheus text at <c>/metrics</c>; and, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set, traces (the HTTP request, the grain call, the log append) and metrics pushed over OTLP, which reads its
/// other <c>OTEL_*</c> variables itself. <c>FLUX_TELEMETRY_ENABLED=false</c> leaves all of it out.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string MetricsPath = "/metrics";

    /// <summary>The embedded store's group commits (src/Flux.Storage.Sqlite/StorageMetrics.cs).</summary>
    private const string StorageMeter = "Flux.Storage";

    private const string AspNetCoreMeters = "Microsoft.AspNetCore";
    private const string RequestDuration = "http.server.request.duration";

    /// <summary>Orleans 10's meter, and the activity source of application grain calls (Orleans' ActivitySources).</summary>
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string OrleansGrainCalls = "Microsoft.Orleans.Application";

    /// <summary>True when spans are made: telemetry on and an OTLP endpoint to send them to.</summary>
    public static bool Traces(IConfiguration configuration)
    {
        var options = new TelemetryOptions();
        Settings.Bind(options, configuration);
        return options.Enabled && !string.IsNullOrEmpty(configuration[OtlpEndpointVariable]);
    }

    /// <param name="service">The process's <c>service.name</c>: <c>flux</c>, <c>flux-silo</c>, <c>flux-gateway</c>.</param>
    public static IHostApplicationBuilder AddFluxTelemetry(this IHostApplicationBuilder builder, string service)
    {
        builder.Services.AddSettings<TelemetryOptions, TelemetryOptionsValidator>();
        var options = new TelemetryOptions();
        Settings.Bind(options, builder.Configuration);
        if (!options.Enabled)
            return builder;

        var otlp = Traces(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(service))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FluxTelemetry.Name, StorageMeter, OrleansMeter)
                    .AddAspNetCoreInstrumentation()
                    // Of ASP.NET Core's instruments only the request duration histogram: the others (active requests,
                    // route matches, Kestrel's queues) are recorded on every request too, and measured they were most
                    // of what metrics cost a single publish (docs/architecture.md §7).
                    .AddView(instrument => instrument.Meter.Name.StartsWith(AspNetCoreMeters, StringComparison.Ordinal)
                        && instrument.Name != RequestDuration ? MetricStreamConfiguration.Drop : null)
                    .AddRuntimeInstrumentation()
                    .AddNatsClientInstrumentation()
                    .AddPrometheusExporter(prometheus =>
                    {
                        // Each scrape reads afresh, as /metrics always did: a publish shows on the next scrape. Series
                        // keep the unlabelled names users scrape; the meter that made one is in its name anyway.
                        prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                        prometheus.ScopeInfoEnabled = false;
                    });
                if (otlp)
                    metrics.AddOtlpExporter();
            });
        // Spans cost something on every request, so they are made only when something receives them.
        if (otlp)
            telemetry.WithTracing(tracing => tracing
                .AddSource(FluxTelemetry.Name, OrleansGrainCalls)
                .AddAspNetCoreInstrumentation()
                .AddNatsClientInstrumentation()
                .AddOtlpExporter());
        builder.Services.Configure<OpenApiOptions>(ApiDocument.Name, document => document.AddDocumentTransformer((document, _, _) =>
        {
            document.Paths.Add(MetricsPath, MetricsOperation(document));
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c>, where telemetry is on. The exporter maps a plain request delegate, which the API document
    /// cannot see, so the operation is described by hand (<see cref="MetricsOperation"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        if (routes.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled)
            routes.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, branch => branch.Use(WithoutEmptyLabelSetsAsync), optionsName: null)
                .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        return routes;
    }

    /// <summary>
    /// Without scope labels the exporter writes an unlabelled series as <c>name{} 1</c>. Prometheus reads that as
    /// <c>name 1</c>, which is what <c>/metrics</c> always served and what line-by-line readers of it match.
    /// </summary>
    private static async Task WithoutEmptyLabelSetsAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        using var exposition = new MemoryStream();
        context.Response.Body = exposition;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        var text = exposition.GetBuffer().AsMemory(0, (int)exposition.Length);
        var kept = 0;
        var span = text.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == (byte)'{' && i + 2 < span.Length && span[i + 1] == (byte)'}' && span[i + 2] == (byte)' ')
                i++;
            else
                span[kept++] = span[i];
        }
        context.Response.ContentLength = kept;
        await body.WriteAsync(text[..kept], context.RequestAborted);
    }

    private static OpenApiPathItem MetricsOperation(OpenApiDocument document) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Summary = "Prometheus text exposition",
                Tags = new HashSet<OpenApiTagReference> { new(OperatorApi.Tag, document) },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse
                    {
                        Description = "OK",
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        },
                    },
                },
            },
        },
    };
}
