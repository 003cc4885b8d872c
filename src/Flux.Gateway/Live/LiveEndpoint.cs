using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Live;

/// <summary><c>GET /api/ws</c> (docs/api.md §10.1): upgrade, register with the hub, serve until closed; and the SignalR hub beside it.</summary>
public static class LiveEndpoint
{
    public const string Path = "/api/ws";

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, ServeAsync)
            .WithTags("Live")
            .WithSummary("WebSocket of live state changes")
            .WithDescription("Upgrade to a WebSocket; the messages are described in docs/api.md §10.")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesErrors(400);
        routes.MapHub<LiveHub>(LiveHub.Path).ExcludeFromDescription();
        return routes;
    }

    /// <remarks>Before start-up is done and once shutdown has begun, <see cref="StartupGate"/> answers 503 instead.</remarks>
    private static async Task ServeAsync(HttpContext context, SubscriptionHub hub, IOptions<LiveOptions> options,
        IHostApplicationLifetime lifetime, TimeProvider time, GatewayInstruments instruments)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await JsonResponse.ErrorAsync(context, 400, "WebSocket upgrade required");
            return;
        }
        var connection = new LiveConnection(options.Value.QueueLimit, time);
        hub.Add(connection);
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = options.Value.PingInterval,
                KeepAliveTimeout = options.Value.PingInterval * 2,
            });
            var stream = (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>() as CoalescingUpgradeFeature)?.Stream;
            await connection.RunAsync(socket, stream, lifetime.ApplicationStopping);
        }
        finally
        {
            hub.Remove(connection);
            if (connection.TooSlow)
                instruments.Dropped();
        }
    }
}
