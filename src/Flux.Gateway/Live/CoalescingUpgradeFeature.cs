using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Flux.Gateway.Live;

/// <summary>
/// Hands the WebSocket middleware a <see cref="CoalescingStream"/> over the upgraded connection, so the
/// connection's send loop can write a burst of frames with one socket write. Installed before the
/// WebSocket middleware, which takes the upgrade feature when a request starts.
/// </summary>
public sealed class CoalescingUpgradeFeature(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    public CoalescingStream? Stream { get; private set; }

    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        Stream = new CoalescingStream(await inner.UpgradeAsync());
        return Stream;
    }

    /// <summary>Middleware: installs the feature on <c>/api/ws</c> upgrade requests.</summary>
    public static async Task InstallAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(LiveEndpoint.Path, StringComparison.Ordinal)
            && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
            context.Features.Set<IHttpUpgradeFeature>(new CoalescingUpgradeFeature(upgrade));
        await next(context);
    }
}
