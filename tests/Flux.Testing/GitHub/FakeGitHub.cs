using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flux.Testing.GitHub;

/// <summary>
/// GitHub's REST API as far as the GitHub connector uses it, on a real Kestrel bound to 127.0.0.1 and a port the
/// kernel picks: <c>/user/repos</c>, <c>/issues</c> and <c>/notifications</c> answered from lists a test edits,
/// paged by <c>per_page</c>/<c>page</c> with <c>Link</c> headers, each page with an ETag over its bytes (304 when
/// If-None-Match matches), 401 for any other token, and failures a test switches on. Every request is recorded.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    public const string DefaultToken = "ghp_fake0123456789abcdefghijklmnopqrstuv";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<SeenRequest> _requests = [];
    private readonly List<Failure> _failures = [];
    private readonly GitHubData _data = new();
    // Pages as served since the last edit: serializing 100 objects per request would make the fake the slowest part.
    private readonly Dictionary<string, (byte[] Body, string ETag)> _pages = [];

    private FakeGitHub(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    /// <summary>The token the fake accepts; any other is answered 401 Bad credentials.</summary>
    public string Token { get; }

    /// <summary>The API's base URL: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>When set, Link headers point at this origin instead of the fake's own (a next page elsewhere).</summary>
    public Uri? LinkOrigin { get; set; }

    /// <summary>How long the fake waits before it answers (a slow GitHub).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>X-RateLimit-Remaining on answers that are not failures.</summary>
    public int RateLimitRemaining { get; set; } = 4999;

    public static async Task<FakeGitHub> StartAsync(string token = DefaultToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeGitHub(app, token);
        app.Run(fake.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.ApiUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Changes the lists under the fake's lock; pages built afterwards (and their ETags) show the change.</summary>
    public void Edit(Action<GitHubData> edit)
    {
        lock (_lock)
        {
            edit(_data);
            _pages.Clear();
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> requests (to <paramref name="path"/>, or any) are answered with
    /// <paramref name="status"/>, <paramref name="body"/> and <paramref name="headers"/> instead of data.
    /// </summary>
    public void Fail(int status, int times = int.MaxValue, string? path = null, string? body = null, params (string Name, string Value)[] headers)
    {
        lock (_lock)
            _failures.Add(new Failure(path, status, body ?? $$"""{"message":"{{ReasonPhrases.GetReasonPhrase(status)}}"}""", headers, times));
    }

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<SeenRequest> Requests
    {
        get
        {
            lock (_lock)
                return _requests.ToArray();
        }
    }

    public void ClearRequests()
    {
        lock (_lock)
            _requests.Clear();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        var seen = new SeenRequest(request.Path + request.QueryString, authorization, ifNoneMatch.Length == 0 ? null : ifNoneMatch,
            request.Headers.UserAgent.ToString(), request.Headers.Accept.ToString(), request.Headers["X-GitHub-Api-Version"].ToString());
        var (status, body, headers) = Answer(request, authorization, ifNoneMatch);
        lock (_lock)
            _requests.Add(seen with { Status = status });
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, context.RequestAborted);

        var response = context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers)
            response.Headers[name] = value;
        if (body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.Body.WriteAsync(body);
        }
    }

    private (int Status, byte[]? Body, List<(string, string)> Headers) Answer(HttpRequest request, string authorization, string ifNoneMatch)
    {
        lock (_lock)
        {
            var headers = new List<(string, string)>();
            var failure = _failures.FirstOrDefault(f => f.Times > 0 && (f.Path is null || f.Path == request.Path));
            if (failure is not null)
            {
                failure.Times--;
                headers.AddRange(failure.Headers);
                return (failure.Status, Encoding.UTF8.GetBytes(failure.Body), headers);
            }

            if (authorization != "Bearer " + Token)
                return (401, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}"""u8.ToArray(), headers);

            var list = request.Path.Value switch
            {
                "/user/repos" => _data.Repositories,
                "/issues" => _data.Issues,
                "/notifications" => _data.Notifications,
                _ => null,
            };
            if (list is null)
                return (404, """{"message":"Not Found","status":"404"}"""u8.ToArray(), headers);

            var perPage = Math.Clamp(QueryInt(request, "per_page", 30), 1, 100);
            var page = Math.Max(1, QueryInt(request, "page", 1));
            var key = string.Create(CultureInfo.InvariantCulture, $"{request.Path}?{perPage}&{page}");
            if (!_pages.TryGetValue(key, out var served))
            {
                var items = new JsonArray(list.Skip((page - 1) * perPage).Take(perPage).Select(item => item.DeepClone()).ToArray());
                var bytes = Encoding.UTF8.GetBytes(items.ToJsonString());
                _pages[key] = served = (bytes, "W/\"" + Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\"");
            }

            var (body, etag) = served;
            headers.Add(("ETag", etag));
            headers.Add(("X-RateLimit-Limit", "5000"));
            headers.Add(("X-RateLimit-Remaining", RateLimitRemaining.ToString(CultureInfo.InvariantCulture)));
            headers.Add(("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
            var pages = Math.Max(1, (list.Count + perPage - 1) / perPage);
            if (page < pages)
            {
                var origin = LinkOrigin ?? ApiUrl;
                string Link(int p) => $"{origin.GetLeftPart(UriPartial.Authority)}{request.Path}{WithPage(request, p)}";
                headers.Add(("Link", $"<{Link(page + 1)}>; rel=\"next\", <{Link(pages)}>; rel=\"last\""));
            }

            return ifNoneMatch == etag ? (304, null, headers) : (200, body, headers);
        }
    }

    private static int QueryInt(HttpRequest request, string name, int fallback) =>
        int.TryParse(request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string WithPage(HttpRequest request, int page)
    {
        var query = request.Query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}");
        return "?" + string.Join('&', query.Append(string.Create(CultureInfo.InvariantCulture, $"page={page}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Failure(string? path, int status, string body, (string, string)[] headers, int times)
    {
        public string? Path { get; } = path;
        public int Status { get; } = status;
        public string Body { get; } = body;
        public (string, string)[] Headers { get; } = headers;
        public int Times { get; set; } = times;
    }
}

/// <summary>One request the fake saw: what it asked for, its headers, the status it got, and when it arrived.</summary>
public sealed record SeenRequest(string PathAndQuery, string Authorization, string? IfNoneMatch, string UserAgent, string Accept, string ApiVersion)
{
    public int Status { get; init; }

    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
