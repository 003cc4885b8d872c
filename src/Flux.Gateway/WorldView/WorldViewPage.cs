using Flux.Gateway.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Flux.Gateway.WorldView;

/// <summary>
/// The world view (docs/api.md §6.13): a page for people at <c>/world</c> that reads the world
/// through the public API like any client (the directory, the listing, one entity, its history, <c>/api/ws</c>). It
/// is a page, not part of the API, so the OpenAPI document leaves it out. Its files are served with
/// <c>Cache-Control: no-cache</c> and an entity tag (a reload costs a 304 per file), and with a content security
/// policy that allows scripts, styles and connections to this server alone.
/// </summary>
public static class WorldViewPage
{
    public const string Path = "/world";
    public const string IndexFile = "index.html";

    private const string SecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddWorldView(this IServiceCollection services) => services.AddSingleton<WorldViewAssets>();

    public static IEndpointRouteBuilder MapWorldView(this IEndpointRouteBuilder routes)
    {
        // / stays an unknown route answering the contract's 404 (docs/api.md §2.4): people open /world by name.
        routes.MapGet(Path, (HttpContext context, WorldViewAssets assets) => Serve(context, assets, IndexFile)).ExcludeFromDescription();
        routes.MapGet(Path + "/{file}", (string file, HttpContext context, WorldViewAssets assets) => Serve(context, assets, file))
            .ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext context, WorldViewAssets assets, string name)
    {
        if (assets.Find(name) is not { } asset)
            return new ErrorResult(StatusCodes.Status404NotFound, "Not found");
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = SecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    /// <summary>The contract's error body (docs/api.md §2.4) as a result.</summary>
    private sealed class ErrorResult(int status, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => JsonResponse.ErrorAsync(httpContext, status, message);
    }
}
