using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Flux.Gateway.Http;

/// <summary>
/// Until start-up is done (a cluster gateway still waiting for PostgreSQL, NATS or a silo), API requests get a fast
/// 503 naming what the process waits for, with <c>Retry-After</c>, instead of waiting for a grain call that cannot
/// be made yet. Operator endpoints stay open. The embedded server listens only once started, so it never gets here.
/// </summary>
public static class StartupGate
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var readiness = context.RequestServices.GetRequiredService<Readiness>();
        if (readiness.HasStarted || !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            return next(context);
        context.Response.Headers.RetryAfter = Unavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return JsonResponse.ErrorAsync(context, 503, readiness.Reason ?? "recovering");
    }
}
