using Microsoft.AspNetCore.Http;
using Flux.Gateway.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Flux.Gateway.Http;

/// <summary>
/// Until start-up is done (a cluster gateway still waiting for PostgreSQL, NATS or a silo), API requests get a fast
/// 503 naming what the process waits for, with <c>Retry-After</c>, instead of waiting for a grain call that cannot
/// be made yet. Operator endpoints stay open. The embedded server listens only once started, so it never gets here.
/// Once the process is shutting down, the live doors (<c>/api/ws</c>, <c>/api/hub</c>) refuse new connections the
/// same way: the server would close them at once, and a reconnecting client would take that for a reconnect and
/// then lose it; refused, it retries until it reaches a server that stays.
/// </summary>
public static class StartupGate
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var readiness = context.RequestServices.GetRequiredService<Readiness>();
        var path = context.Request.Path;
        var refused = !readiness.HasStarted ? path.StartsWithSegments("/api", StringComparison.Ordinal)
            : readiness.IsStopping && (path.StartsWithSegments(LiveEndpoint.Path, StringComparison.Ordinal)
                || path.StartsWithSegments(LiveHub.Path, StringComparison.Ordinal));
        if (!refused)
            return next(context);
        context.Response.Headers.RetryAfter = Unavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return JsonResponse.ErrorAsync(context, 503, readiness.Reason ?? "recovering");
    }
}
