using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;

namespace Flux.Gateway.Http;

/// <summary>
/// What every response owes the contract: CORS headers and preflights (docs/api.md §2.7), case-sensitive paths
/// (§2.1; routing matches literals ignoring case), and JSON bodies for unknown routes and wrong
/// methods (§2.4), which the framework would otherwise send empty. An unhandled exception answers
/// 500 with the error body and a correlation id that is logged with the exception; its text, which may
/// describe the server's insides, never reaches the client.
/// </summary>
public sealed partial class ContractMiddleware(RequestDelegate next, EndpointDataSource endpoints, ILogger<ContractMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        if (HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.Headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE, OPTIONS";
            response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
            return;
        }

        if (context.GetEndpoint() is RouteEndpoint matched && !LiteralsMatchCase(matched, context))
            context.SetEndpoint(null);

        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(e, context.TraceIdentifier, context.Request.Method, context.Request.Path);
            if (response.HasStarted)
            {
                context.Abort();
                return;
            }
            response.Clear();
            if (Unavailability.Reason(e) is { } reason)
            {
                response.Headers.RetryAfter = Unavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await JsonResponse.ErrorAsync(context, 503, reason);
                return;
            }
            await JsonResponse.ErrorAsync(context, 500, InternalError.Message(context.TraceIdentifier));
            return;
        }

        if (response.HasStarted)
            return;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            // The framework answers 405 when another method's route matches ignoring case; only an exact path earns it.
            if (endpoints.Endpoints.OfType<RouteEndpoint>().Any(e => LiteralsMatchCase(e, context)))
                await JsonResponse.ErrorAsync(context, 405, "Method not allowed");
            else
            {
                response.Headers.Allow = default;
                await JsonResponse.ErrorAsync(context, 404, "Not found");
            }
        }
        else if (response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null)
            await JsonResponse.ErrorAsync(context, 404, "Not found");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "request {CorrelationId} ({Method} {Path}) failed")]
    private partial void LogUnhandled(Exception exception, string correlationId, string method, string path);

    /// <summary>Whether the route's literal segments equal the request's segments byte for byte (parameters match anything).</summary>
    private static bool LiteralsMatchCase(RouteEndpoint endpoint, HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var patternSegments = endpoint.RoutePattern.PathSegments;
        for (var i = 0; i < patternSegments.Count; i++)
        {
            var parts = patternSegments[i].Parts;
            if (parts.Count == 1 && parts[0] is RoutePatternParameterPart { IsCatchAll: true })
                return true;
            if (i >= segments.Length)
                return parts.Count == 1 && parts[0] is RoutePatternParameterPart { IsOptional: true };
            if (parts.Count == 1 && parts[0] is RoutePatternLiteralPart literal && !string.Equals(literal.Content, segments[i], StringComparison.Ordinal))
                return false;
        }
        return segments.Length == patternSegments.Count;
    }
}
