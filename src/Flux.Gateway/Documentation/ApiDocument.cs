using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Flux.Gateway.Documentation;

/// <summary>
/// The OpenAPI document of the HTTP API at <c>/openapi/v1.json</c> and a viewer for it at <c>/api/docs</c>
/// (docs/api.md §6.12). Each endpoint declares its own summary, bodies and statuses where it is mapped (Api/); what
/// every API endpoint shares, the 500 and the 503 with <c>Retry-After</c> (docs/api.md §2.9), is added here.
/// </summary>
public static class ApiDocument
{
    /// <summary>The document's name, as in its path.</summary>
    public const string Name = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ViewerPath = "/api/docs";

    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        // Only the document uses these options: handlers read and write JSON themselves (Requests/, JsonResponse), and
        // numbers in strings are refused (docs/api.md §4.1).
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.RespectRequiredConstructorParameters = true;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(Name, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Flux",
                    Version = "1",
                    Description = "Flux's HTTP API. The contract, with every rule and message, is docs/api.md; the live updates of " +
                        "GET /api/ws are described there (§10).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                operation.Responses ??= [];
                // /readyz's 503 has no Retry-After; those of the API (StartupGate, Unavailability) and every 429 do.
                var api = context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
                if (api)
                {
                    operation.Responses.TryAdd("500", Error("A failure inside the server; the message carries the correlation id it was logged under."));
                    operation.Responses.TryAdd("503", Error("Not ready, or the store or the entity's silo cannot be reached now: retry."));
                }
                foreach (var (status, response) in operation.Responses)
                    if ((status == "429" || (api && status == "503")) && response is OpenApiResponse retryable)
                        (retryable.Headers ??= new Dictionary<string, IOpenApiHeader>())["Retry-After"] = new OpenApiHeader
                        {
                            Description = "Seconds to wait before retrying.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        };
                return Task.CompletedTask;

                OpenApiResponse Error(string description) => new()
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ErrorBody), context.Document) },
                    },
                };
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentPath);
        // The viewer's script is served from the Scalar assembly; without the default fonts and telemetry it loads
        // nothing from outside the server.
        routes.MapScalarApiReference(ViewerPath, viewer => viewer
            .WithTitle("Flux API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry());
        return routes;
    }

    /// <summary>
    /// Declares a JSON request body. Routing answers 415 to a Content-Type an endpoint does not list, but Flux reads
    /// the body as JSON whatever the header says (docs/api.md §2.2), so any type is listed beside application/json.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder) where TBody : notnull =>
        builder.Accepts<TBody>("application/json", "*/*");

    /// <summary>Declares the contract's error body (docs/api.md §2.4) for each of <paramref name="statuses"/>.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
            builder.Produces<ErrorBody>(status);
        return builder;
    }

    /// <summary>Describes a query parameter the handler reads itself (so the framework cannot see it).</summary>
    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder builder, string name, string description,
        bool required = false, JsonSchemaType type = JsonSchemaType.String) =>
        builder.WithParameter(ParameterLocation.Query, name, description, required, type);

    /// <summary>Describes a path parameter the handler reads itself, as a catch-all one (<c>{**id}</c>).</summary>
    public static RouteHandlerBuilder WithPathParameter(this RouteHandlerBuilder builder, string name, string description) =>
        builder.WithParameter(ParameterLocation.Path, name, description, required: true, JsonSchemaType.String);

    private static RouteHandlerBuilder WithParameter(this RouteHandlerBuilder builder, ParameterLocation location, string name,
        string description, bool required, JsonSchemaType type) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            (operation.Parameters ??= []).Add(new OpenApiParameter
            {
                Name = name,
                In = location,
                Required = required,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
            return Task.CompletedTask;
        });
}
