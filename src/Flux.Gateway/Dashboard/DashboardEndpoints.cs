using Flux.Gateway.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace Flux.Gateway.Dashboard;

/// <summary>
/// The Orleans Dashboard (docs/api.md §6.14) at <c>/dashboard</c>: its page, assets and the JSON its page reads, served
/// by the package. It has no authentication of its own, so when an admin token is set every route of it asks for
/// the token, as a Bearer token or as the password of HTTP Basic so that a browser prompts for it.
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        var adminToken = routes.ServiceProvider.GetRequiredService<AdminToken>();
        routes.MapOrleansDashboard(Path)
            // Orleans' page and its API, not Flux's: the API document leaves them out.
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
                adminToken.AdmitsBrowser(context.HttpContext.Request) ? await next(context) : new LoginChallenge());
        return routes;
    }

    /// <summary>401 with the contract's error body (docs/api.md §2.4), and a Basic challenge so that a browser asks for the token.</summary>
    private sealed class LoginChallenge : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Flux dashboard\", charset=\"UTF-8\"";
            return JsonResponse.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized");
        }
    }
}
