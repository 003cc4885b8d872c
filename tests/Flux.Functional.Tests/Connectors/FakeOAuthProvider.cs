using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flux.Functional.Tests.Connectors;

/// <summary>
/// An OAuth provider's token endpoint on a loopback port, answering by the code it is given: <c>good:&lt;token&gt;</c>
/// grants that access token (with a refresh token and an hour's expiry), <c>expiring:&lt;token&gt;</c> the same for
/// 30 s, <c>refused</c> is GitHub's 200 with an error, <c>broken</c> a 500 and <c>html</c> a page that is not JSON.
/// A refresh token <c>refresh-&lt;token&gt;</c> is renewed as <c>&lt;token&gt;-renewed</c>. It keeps every form it was posted.
/// </summary>
public sealed class FakeOAuthProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _requests = new();

    private FakeOAuthProvider(WebApplication app, string tokenUrl)
    {
        _app = app;
        TokenUrl = tokenUrl;
    }

    public string TokenUrl { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Requests => [.. _requests];

    public static async Task<FakeOAuthProvider> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeOAuthProvider(app, $"http://127.0.0.1:{port}/login/oauth/access_token");
        app.MapPost("/login/oauth/access_token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            fields["accept"] = context.Request.Headers.Accept.ToString();
            provider._requests.Enqueue(fields);
            if (fields.GetValueOrDefault("grant_type") == "refresh_token")
                return fields.GetValueOrDefault("refresh_token", "") is var refresh && refresh.StartsWith("refresh-", StringComparison.Ordinal)
                    ? Grant(refresh["refresh-".Length..] + "-renewed", 3600)
                    : Results.Json(new Dictionary<string, string> { ["error"] = "bad_refresh_token" }, statusCode: 400);
            var code = fields.GetValueOrDefault("code", "");
            return code switch
            {
                _ when code.StartsWith("good:", StringComparison.Ordinal) => Grant(code["good:".Length..], 3600),
                _ when code.StartsWith("expiring:", StringComparison.Ordinal) => Grant(code["expiring:".Length..], 30),
                "refused" => Results.Json(new Dictionary<string, string>
                {
                    ["error"] = "bad_verification_code",
                    ["error_description"] = "The code passed is incorrect or expired.",
                }),
                "broken" => Results.Text("upstream trouble", statusCode: 500),
                _ => Results.Text("<html>sign in</html>", "text/html"),
            };
        });
        await app.StartAsync();
        return provider;
    }

    /// <summary>An access token, its refresh token <c>refresh-&lt;token&gt;</c> and its lifetime.</summary>
    private static IResult Grant(string accessToken, int expiresInSeconds) => Results.Json(new Dictionary<string, object>
    {
        ["access_token"] = accessToken,
        ["refresh_token"] = "refresh-" + accessToken,
        ["expires_in"] = expiresInSeconds,
        ["token_type"] = "bearer",
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
