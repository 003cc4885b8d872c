using Microsoft.AspNetCore.Http;

namespace Flux.Gateway.Http;

/// <summary>
/// What every response owes the contract: CORS headers and preflights (§2.7), and JSON bodies for
/// unknown routes and wrong methods (§2.4), which the framework would otherwise send empty.
/// </summary>
public sealed class ContractMiddleware(RequestDelegate next)
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

        await next(context);

        if (response.HasStarted)
            return;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            await JsonResponse.ErrorAsync(context, 405, "Method not allowed");
        else if (response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null)
            await JsonResponse.ErrorAsync(context, 404, "Not found");
    }
}
