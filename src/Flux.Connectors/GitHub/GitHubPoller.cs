using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Flux.Connectors.GitHub;

/// <summary>
/// Polls GitHub for one owner. Each poll walks three lists (repositories, assigned open issues and pull requests,
/// notifications) page by page, following <c>Link: rel="next"</c> only while it stays under the API's base URL, so
/// the token is never sent anywhere else.
///
/// Conditional requests: every page's ETag and Last-Modified are remembered and sent back (If-None-Match,
/// If-Modified-Since); GitHub answers an unchanged page 304, which costs no rate limit and yields no entities. A 304
/// on a list's first page is taken to mean the whole list is unchanged and its other pages are not asked for (GitHub's
/// ETag covers one page only, so a change confined to a later page waits until the first page changes too; the
/// owner's lists are usually one page). What a poll learnt is kept only when the poll succeeds: a poll that
/// fails half-way leaves the validators as they were, so the next poll asks for those pages again and nothing seen
/// by the failed poll is lost.
///
/// Failures: a network error, a timeout or a 5xx is retried after each of <see cref="ConnectorRequestOptions.RetryDelays"/>,
/// then the poll fails with <see cref="ConnectorUnavailableException"/>. A rate limit (403 or 429 with Retry-After,
/// X-RateLimit-Remaining 0, or a 403 saying so) fails the poll with <see cref="ConnectorRateLimitedException"/> and
/// no request is sent before its RetryAt, in this poll or a later one. A 401 fails it with
/// <see cref="ConnectorUnauthorizedException"/>. Any other 4xx skips that list for this poll (a fine-grained token may
/// not read notifications) and is named in <see cref="ConnectorPoll.Skipped"/>.
/// </summary>
internal sealed class GitHubPoller : IConnectorPoller
{
    private const string TokenAdvice = "store a new token with POST /api/connectors/github/token";
    private const int MaxPagesPerList = 100;
    private static readonly TimeSpan UnknownRateLimitWait = TimeSpan.FromMinutes(1);

    private static readonly GitHubList[] Lists =
    [
        new("repositories", "user/repos?sort=updated&per_page=100", GitHubEntities.Repository),
        new("issues", "issues?filter=assigned&state=open&sort=updated&per_page=100", GitHubEntities.Issue),
        new("notifications", "notifications?per_page=50", GitHubEntities.Notification),
    ];

    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly string _token;
    private readonly ConnectorRequestOptions _options;
    private readonly TimeProvider _time;
    private Dictionary<Uri, PageValidator> _validators = [];
    private DateTimeOffset _rateLimitedUntil = DateTimeOffset.MinValue;

    public GitHubPoller(HttpClient http, Uri api, string token, ConnectorRequestOptions options, TimeProvider time)
    {
        _http = http;
        _api = api;
        _token = token;
        _options = options;
        _time = time;
    }

    public async Task<ConnectorPoll> PollAsync(CancellationToken cancellationToken)
    {
        var poll = new PollProgress(new Dictionary<Uri, PageValidator>(_validators));
        foreach (var list in Lists)
            await PollListAsync(list, poll, cancellationToken);
        _validators = poll.Validators;
        return new ConnectorPoll(poll.Entities.Values.ToArray(), poll.Requests, poll.NotModified) { Skipped = poll.Skipped };
    }

    private async Task PollListAsync(GitHubList list, PollProgress poll, CancellationToken cancellationToken)
    {
        var url = new Uri(_api, list.FirstPage);
        for (var page = 1; url is not null; page++)
        {
            if (page > MaxPagesPerList)
            {
                poll.Skipped.Add($"{list.Name}: pages after the {MaxPagesPerList}th");
                return;
            }

            poll.Validators.TryGetValue(url, out var known);
            var answer = await SendAsync(url, known, poll, cancellationToken);
            Uri? next;
            if (answer.Status == HttpStatusCode.NotModified)
            {
                poll.NotModified++;
                if (page == 1 || known is null)
                    return;
                next = known.Next;
            }
            else if (answer.IsSuccess)
            {
                foreach (var entity in Entities(list, url, answer.Body))
                    poll.Entities[entity.Id] = entity;
                next = answer.Next;
                if (next is not null && !IsUnderApi(next))
                {
                    poll.Skipped.Add($"{list.Name}: a next page outside {_api.GetLeftPart(UriPartial.Authority)} ({next.GetLeftPart(UriPartial.Authority)}) was not asked for");
                    next = null;
                }

                poll.Validators[url] = new PageValidator(answer.ETag, answer.LastModified, next);
            }
            else
            {
                poll.Skipped.Add($"{list.Name}: GitHub answered {(int)answer.Status} ({Message(answer)})");
                return;
            }

            url = next;
        }
    }

    private static IEnumerable<ObservedEntity> Entities(GitHubList list, Uri url, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new ConnectorUnavailableException($"GitHub answered GET {url.PathAndQuery} with a body that is not JSON", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new ConnectorUnavailableException($"GitHub answered GET {url.PathAndQuery} with JSON that is not a list");
            var entities = new List<ObservedEntity>(document.RootElement.GetArrayLength());
            foreach (var item in document.RootElement.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object && list.Map(item) is { } entity)
                    entities.Add(entity);
            return entities;
        }
    }

    /// <summary>One request, retried on network errors, timeouts and 5xx; the rate limit and a 401 end the poll.</summary>
    private async Task<Answer> SendAsync(Uri url, PageValidator? known, PollProgress poll, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_time.GetUtcNow() < _rateLimitedUntil)
                throw RateLimited(_rateLimitedUntil, "its rate limit is exhausted");
            poll.Requests++;
            string failure;
            Exception? cause = null;
            try
            {
                var answer = await AttemptAsync(url, known, cancellationToken);
                if ((int)answer.Status < 500)
                    return Judge(answer);
                failure = $"{(int)answer.Status} {Message(answer)}";
            }
            catch (Exception e) when (e is HttpRequestException or IOException
                                       || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                cause = e;
                failure = e is OperationCanceledException ? $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s" : Redact(e.Message);
            }

            if (attempt > _options.RetryDelays.Count)
                throw new ConnectorUnavailableException(
                    $"GitHub did not answer GET {url.PathAndQuery} after {attempt} attempts: {failure}", cause);
            await Task.Delay(_options.RetryDelays[attempt - 1], _time, cancellationToken);
        }
    }

    private async Task<Answer> AttemptAsync(Uri url, PageValidator? known, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.ParseAdd("Flux-Connectors/1.0");
        if (known?.ETag is { } etag)
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (known?.LastModified is { } lastModified)
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);

        using var deadline = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
        var headers = response.Headers;
        return new Answer(
            response.StatusCode,
            body,
            headers.ETag?.ToString(),
            response.Content.Headers.TryGetValues("Last-Modified", out var modified) ? modified.FirstOrDefault() : null,
            headers.TryGetValues("Link", out var links) ? LinkHeader.Next(links) : null,
            Header(headers, "X-RateLimit-Remaining"),
            Header(headers, "X-RateLimit-Reset"),
            headers.RetryAfter);
    }

    /// <summary>Turns a 401 and the rate limits into their exceptions; remembers a limit a successful answer used up.</summary>
    private Answer Judge(Answer answer)
    {
        if (answer.Status == HttpStatusCode.Unauthorized)
            throw new ConnectorUnauthorizedException($"GitHub refused the token (401 {Message(answer)}); {TokenAdvice}");

        var exhausted = answer.RateLimitRemaining == "0";
        if (answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
        {
            if (answer.RetryAfter is { } retryAfter)
                throw RateLimited(RetryAt(retryAfter), $"its secondary rate limit was reached ({(int)answer.Status} {Message(answer)})");
            if (exhausted || answer.Status == HttpStatusCode.TooManyRequests
                || Message(answer).Contains("rate limit", StringComparison.OrdinalIgnoreCase))
                throw RateLimited(ResetAt(answer), $"its rate limit is exhausted ({(int)answer.Status} {Message(answer)})");
        }

        if (exhausted)
            _rateLimitedUntil = ResetAt(answer);
        return answer;
    }

    private ConnectorRateLimitedException RateLimited(DateTimeOffset retryAt, string why)
    {
        _rateLimitedUntil = retryAt;
        return new ConnectorRateLimitedException(
            $"GitHub refused more requests: {why}; polling resumes at {retryAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}", retryAt);
    }

    private DateTimeOffset RetryAt(RetryConditionHeaderValue retryAfter) =>
        retryAfter.Delta is { } delta ? _time.GetUtcNow() + delta : retryAfter.Date ?? _time.GetUtcNow() + UnknownRateLimitWait;

    private DateTimeOffset ResetAt(Answer answer) =>
        long.TryParse(answer.RateLimitReset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochSeconds)
            ? DateTimeOffset.FromUnixTimeSeconds(epochSeconds)
            : _time.GetUtcNow() + UnknownRateLimitWait;

    private bool IsUnderApi(Uri next) =>
        Uri.Compare(next, _api, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0
        && next.AbsolutePath.StartsWith(_api.AbsolutePath, StringComparison.Ordinal);

    /// <summary>GitHub's <c>message</c> from an error body, else the status; never the token.</summary>
    private string Message(Answer answer)
    {
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                message = m.GetString();
        }
        catch (JsonException)
        {
        }

        return Redact(string.IsNullOrWhiteSpace(message) ? answer.Status.ToString() : message);
    }

    private string Redact(string text) => text.Replace(_token, "[token]", StringComparison.Ordinal);

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed record GitHubList(string Name, string FirstPage, Func<JsonElement, ObservedEntity?> Map);

    /// <summary>What GitHub said of a page last time: its validators, and the next page it linked to.</summary>
    private sealed record PageValidator(string? ETag, string? LastModified, Uri? Next);

    private sealed record Answer(
        HttpStatusCode Status,
        byte[] Body,
        string? ETag,
        string? LastModified,
        Uri? Next,
        string? RateLimitRemaining,
        string? RateLimitReset,
        RetryConditionHeaderValue? RetryAfter)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300;
    }

    private sealed class PollProgress(Dictionary<Uri, PageValidator> validators)
    {
        public Dictionary<Uri, PageValidator> Validators { get; } = validators;
        public Dictionary<string, ObservedEntity> Entities { get; } = new(StringComparer.Ordinal);
        public List<string> Skipped { get; } = [];
        public int Requests { get; set; }
        public int NotModified { get; set; }
    }
}
