using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Flux.Connectors.GitHub;
using Flux.Testing.GitHub;

namespace Flux.Connectors.Tests;

/// <summary>The GitHub poller against a fake GitHub on loopback (docs/connectors.md).</summary>
public sealed class GitHubPollerTests : IAsyncLifetime
{
    private static readonly ConnectorRequestOptions QuickRetries = new()
    {
        RetryDelays = [TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(3)],
    };

    private readonly HttpClient _http = new();
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task the_first_poll_returns_every_repository_issue_pull_request_and_notification_with_the_documented_ids_and_properties()
    {
        _github.Edit(data =>
        {
            data.AddRepositories(3);
            data.AddIssues(4, pullRequestEvery: 2);
            data.AddNotifications(2);
        });

        var poll = await Poller().PollAsync(CancellationToken.None);

        Assert.Equal(
            ["github/repo/octo/repo-1", "github/repo/octo/repo-2", "github/repo/octo/repo-3",
             "github/issue/octo/repo-1#1", "github/issue/octo/repo-1#2", "github/issue/octo/repo-1#3", "github/issue/octo/repo-1#4",
             "github/notification/1", "github/notification/2"],
            poll.Entities.Select(e => e.Id));
        Assert.Equal((3, 0), (poll.Requests, poll.NotModified));
        Assert.Empty(poll.Skipped);
        Assert.Equal(
            """{"name":"repo-1","full_name":"octo/repo-1","private":false,"description":"Repository number 1","language":"C#","stargazers_count":10,"forks_count":1,"open_issues_count":2,"default_branch":"main","url":"https://github.com/octo/repo-1","updated_at":"2026-11-30T10:00:00Z","pushed_at":"2026-11-29T09:00:00Z","archived":false}""",
            Properties(poll, "github/repo/octo/repo-1"));
        Assert.Equal(
            """{"name":"repo-3","full_name":"octo/repo-3","private":false,"description":null,"language":"C#","stargazers_count":30,"forks_count":3,"open_issues_count":2,"default_branch":"main","url":"https://github.com/octo/repo-3","updated_at":"2026-11-30T10:00:00Z","pushed_at":"2026-11-29T09:00:00Z","archived":false}""",
            Properties(poll, "github/repo/octo/repo-3"));
        Assert.Equal(
            """{"title":"Issue 1","state":"open","number":1,"repository":"octo/repo-1","url":"https://github.com/octo/repo-1/issues/1","user":"alice","comments":1,"labels":"bug,p1","updated_at":"2026-11-30T12:00:00Z","is_pull_request":false}""",
            Properties(poll, "github/issue/octo/repo-1#1"));
        Assert.Equal(
            """{"title":"Issue 2","state":"open","number":2,"repository":"octo/repo-1","url":"https://github.com/octo/repo-1/pull/2","user":"alice","comments":2,"labels":"bug,p1","updated_at":"2026-11-30T12:00:00Z","is_pull_request":true}""",
            Properties(poll, "github/issue/octo/repo-1#2"));
        Assert.Equal(
            """{"reason":"mention","unread":true,"title":"Notification 1","type":"Issue","repository":"octo/repo-1","updated_at":"2026-11-30T13:00:00Z"}""",
            Properties(poll, "github/notification/1"));
        foreach (var entity in poll.Entities)
        {
            using var properties = JsonDocument.Parse(entity.Properties);
            Assert.All(properties.RootElement.EnumerateObject(),
                p => Assert.DoesNotContain(p.Value.ValueKind, new[] { JsonValueKind.Object, JsonValueKind.Array }));
        }
    }

    [Fact]
    public async Task a_second_poll_of_unchanged_data_is_answered_304_and_returns_no_entities()
    {
        Seed();
        var poller = Poller();
        await poller.PollAsync(CancellationToken.None);
        _github.ClearRequests();

        var poll = await poller.PollAsync(CancellationToken.None);

        Assert.Empty(poll.Entities);
        Assert.Equal((3, 3), (poll.Requests, poll.NotModified));
        Assert.Equal(3, _github.Requests.Count);
        Assert.All(_github.Requests, r =>
        {
            Assert.NotNull(r.IfNoneMatch);
            Assert.Equal(304, r.Status);
        });
    }

    [Fact]
    public async Task a_changed_issue_comes_back_once_its_page_etag_changes_and_only_its_changed_property_is_new()
    {
        Seed();
        var poller = Poller();
        var state = (await poller.PollAsync(CancellationToken.None)).Entities.ToDictionary(e => e.Id, e => e.Properties);

        _github.Edit(data => data.Issues[0]["title"] = "Renamed");
        var poll = await poller.PollAsync(CancellationToken.None);

        Assert.Equal(2, poll.NotModified);
        Assert.All(poll.Entities, e => Assert.StartsWith("github/issue/", e.Id, StringComparison.Ordinal));
        var changes = poll.Entities
            .Select(e => (e.Id, Changed: PropertyChanges.Changed(state[e.Id], e.Properties)))
            .Where(c => c.Changed is not null)
            .ToArray();
        var (id, changed) = Assert.Single(changes);
        Assert.Equal("github/issue/octo/repo-1#1", id);
        Assert.Equal("""{"title":"Renamed"}""", Encoding.UTF8.GetString(changed!));
    }

    [Fact]
    public async Task a_list_of_three_pages_is_followed_through_its_link_headers()
    {
        _github.Edit(data => data.AddRepositories(250));

        var poll = await Poller().PollAsync(CancellationToken.None);

        Assert.Equal(250, poll.Entities.Count(e => e.Id.StartsWith("github/repo/", StringComparison.Ordinal)));
        Assert.Equal("github/repo/octo/repo-250", poll.Entities[249].Id);
        Assert.Equal(
            ["/user/repos?sort=updated&per_page=100", "/user/repos?sort=updated&per_page=100&page=2", "/user/repos?sort=updated&per_page=100&page=3"],
            _github.Requests.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/user/repos", StringComparison.Ordinal)));
        Assert.Equal(5, poll.Requests);
    }

    [Fact]
    public async Task an_unchanged_first_page_leaves_the_rest_of_its_list_unasked()
    {
        _github.Edit(data => data.AddRepositories(250));
        var poller = Poller();
        await poller.PollAsync(CancellationToken.None);
        _github.ClearRequests();

        var poll = await poller.PollAsync(CancellationToken.None);

        Assert.Empty(poll.Entities);
        Assert.Equal(["/user/repos?sort=updated&per_page=100"],
            _github.Requests.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/user/repos", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task after_a_changed_first_page_unchanged_later_pages_are_answered_304_and_followed_by_their_remembered_links()
    {
        _github.Edit(data => data.AddRepositories(250));
        var poller = Poller();
        await poller.PollAsync(CancellationToken.None);
        _github.ClearRequests();

        _github.Edit(data => data.Repositories[0]["stargazers_count"] = 11);
        var poll = await poller.PollAsync(CancellationToken.None);

        Assert.Equal(100, poll.Entities.Count);
        Assert.Equal(4, poll.NotModified);
        Assert.Equal(
            [("/user/repos?sort=updated&per_page=100", 200), ("/user/repos?sort=updated&per_page=100&page=2", 304),
             ("/user/repos?sort=updated&per_page=100&page=3", 304)],
            _github.Requests.Where(r => r.PathAndQuery.StartsWith("/user/repos", StringComparison.Ordinal)).Select(r => (r.PathAndQuery, r.Status)));
    }

    [Fact]
    public async Task a_next_link_to_another_origin_is_not_followed()
    {
        await using var elsewhere = await FakeGitHub.StartAsync();
        _github.Edit(data => data.AddRepositories(150));
        _github.LinkOrigin = elsewhere.ApiUrl;

        var poll = await Poller().PollAsync(CancellationToken.None);

        Assert.Equal(100, poll.Entities.Count);
        Assert.Empty(elsewhere.Requests);
        var skipped = Assert.Single(poll.Skipped);
        Assert.Contains("repositories", skipped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_refused_token_raises_unauthorized_with_githubs_message_and_what_to_do()
    {
        Seed();

        var error = await Assert.ThrowsAsync<ConnectorUnauthorizedException>(
            () => Poller(token: "ghp_revoked0000000000000000000000000000").PollAsync(CancellationToken.None));

        Assert.Equal(
            "GitHub refused the token (401 Bad credentials); store a new token with POST /api/connectors/github/token",
            error.Message);
    }

    [Fact]
    public async Task an_exhausted_rate_limit_raises_rate_limited_until_its_reset_and_nothing_is_asked_before_then()
    {
        Seed();
        var reset = DateTimeOffset.UtcNow.AddMinutes(20).ToUnixTimeSeconds();
        _github.Fail(403, times: 1, body: """{"message":"API rate limit exceeded for user ID 1."}""",
            headers: [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToString(CultureInfo.InvariantCulture))]);
        var poller = Poller();

        var error = await Assert.ThrowsAsync<ConnectorRateLimitedException>(() => poller.PollAsync(CancellationToken.None));
        var again = await Assert.ThrowsAsync<ConnectorRateLimitedException>(() => poller.PollAsync(CancellationToken.None));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(reset), error.RetryAt);
        Assert.Equal(error.RetryAt, again.RetryAt);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task a_rate_limit_used_up_by_a_successful_answer_stops_the_poll_before_its_next_request()
    {
        Seed();
        _github.RateLimitRemaining = 0;

        var error = await Assert.ThrowsAsync<ConnectorRateLimitedException>(() => Poller().PollAsync(CancellationToken.None));

        Assert.True(error.RetryAt > DateTimeOffset.UtcNow);
        Assert.Single(_github.Requests);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task a_secondary_rate_limit_raises_rate_limited_at_its_retry_after(int status)
    {
        Seed();
        _github.Fail(status, body: """{"message":"You have exceeded a secondary rate limit."}""", headers: [("Retry-After", "90")]);
        var before = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<ConnectorRateLimitedException>(() => Poller().PollAsync(CancellationToken.None));

        Assert.InRange(error.RetryAt, before.AddSeconds(90), DateTimeOffset.UtcNow.AddSeconds(90));
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task a_403_whose_message_speaks_of_a_rate_limit_raises_rate_limited()
    {
        Seed();
        _github.Fail(403, body: """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""");

        var error = await Assert.ThrowsAsync<ConnectorRateLimitedException>(() => Poller().PollAsync(CancellationToken.None));

        Assert.True(error.RetryAt > DateTimeOffset.UtcNow);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task a_403_that_is_not_a_rate_limit_skips_that_list_and_says_so()
    {
        Seed();
        _github.Fail(403, path: "/notifications", body: """{"message":"Resource not accessible by personal access token"}""");

        var poll = await Poller().PollAsync(CancellationToken.None);

        Assert.Equal(7, poll.Entities.Count);
        Assert.Equal("notifications: GitHub answered 403 (Resource not accessible by personal access token)", Assert.Single(poll.Skipped));
    }

    [Fact]
    public async Task a_server_error_is_retried_after_its_backoff_and_the_poll_succeeds()
    {
        Seed();
        _github.Fail(500, times: 2, path: "/user/repos");
        var time = new RecordingTimeProvider();

        var poll = await Poller(options: QuickRetries, time: time).PollAsync(CancellationToken.None);

        Assert.Equal(9, poll.Entities.Count);
        Assert.Equal(5, poll.Requests);
        Assert.Equal([500, 500, 200], _github.Requests.Where(r => r.PathAndQuery.StartsWith("/user/repos", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Equal([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)], time.DueTimes.Where(d => d < TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task a_server_error_that_persists_raises_unavailable_after_every_attempt()
    {
        Seed();
        _github.Fail(503, path: "/user/repos");

        var error = await Assert.ThrowsAsync<ConnectorUnavailableException>(
            () => Poller(options: QuickRetries).PollAsync(CancellationToken.None));

        Assert.Equal(4, _github.Requests.Count);
        Assert.Equal("GitHub did not answer GET /user/repos?sort=updated&per_page=100 after 4 attempts: 503 Service Unavailable", error.Message);
    }

    [Fact]
    public async Task a_refused_connection_raises_unavailable_after_every_attempt()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var connector = new GitHubConnector(_http, new Uri($"http://127.0.0.1:{port}/"), QuickRetries);

        var error = await Assert.ThrowsAsync<ConnectorUnavailableException>(
            () => connector.CreatePoller(_github.Token).PollAsync(CancellationToken.None));

        Assert.StartsWith("GitHub did not answer GET /user/repos?sort=updated&per_page=100 after 4 attempts: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_slow_answer_counts_as_a_failure_after_the_request_timeout()
    {
        Seed();
        _github.Delay = TimeSpan.FromSeconds(5);
        var options = new ConnectorRequestOptions { RetryDelays = [TimeSpan.Zero], RequestTimeout = TimeSpan.FromMilliseconds(100) };

        var error = await Assert.ThrowsAsync<ConnectorUnavailableException>(() => Poller(options: options).PollAsync(CancellationToken.None));

        Assert.Equal("GitHub did not answer GET /user/repos?sort=updated&per_page=100 after 2 attempts: no answer within 0.1 s", error.Message);
    }

    [Fact]
    public async Task a_cancelled_poll_ends_with_operation_cancelled_not_unavailable()
    {
        Seed();
        _github.Delay = TimeSpan.FromSeconds(5);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Poller(options: QuickRetries).PollAsync(cancellation.Token));

        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task a_poll_that_fails_half_way_keeps_no_etags_so_the_next_poll_returns_everything()
    {
        Seed();
        _github.Fail(500, times: 4, path: "/notifications");
        var poller = Poller(options: QuickRetries);
        await Assert.ThrowsAsync<ConnectorUnavailableException>(() => poller.PollAsync(CancellationToken.None));

        var poll = await poller.PollAsync(CancellationToken.None);

        Assert.Equal(9, poll.Entities.Count);
        Assert.Equal(0, poll.NotModified);
    }

    [Fact]
    public async Task the_token_is_sent_as_a_bearer_header_with_githubs_headers_and_appears_in_no_exception()
    {
        Seed();
        var poller = Poller();
        await poller.PollAsync(CancellationToken.None);

        Assert.All(_github.Requests, r =>
        {
            Assert.Equal("Bearer " + _github.Token, r.Authorization);
            Assert.Equal("application/vnd.github+json", r.Accept);
            Assert.Equal("2022-11-28", r.ApiVersion);
            Assert.NotEmpty(r.UserAgent);
        });
        Assert.DoesNotContain(_github.Token, poller.ToString(), StringComparison.Ordinal);

        var echo = $$"""{"message":"token {{_github.Token}} rate limit"}""";
        var failures = new List<Exception>();
        _github.Fail(401, times: 1, body: echo);
        failures.Add(await Assert.ThrowsAsync<ConnectorUnauthorizedException>(() => Poller().PollAsync(CancellationToken.None)));
        _github.Fail(403, times: 1, body: echo);
        failures.Add(await Assert.ThrowsAsync<ConnectorRateLimitedException>(() => Poller().PollAsync(CancellationToken.None)));
        _github.Fail(500, times: 4, body: echo);
        failures.Add(await Assert.ThrowsAsync<ConnectorUnavailableException>(() => Poller(options: QuickRetries).PollAsync(CancellationToken.None)));
        Assert.All(failures, e => Assert.DoesNotContain(_github.Token, e.ToString(), StringComparison.Ordinal));
    }

    private void Seed() => _github.Edit(data =>
    {
        data.AddRepositories(3);
        data.AddIssues(4, pullRequestEvery: 2);
        data.AddNotifications(2);
    });

    private IConnectorPoller Poller(string? token = null, ConnectorRequestOptions? options = null, TimeProvider? time = null) =>
        new GitHubConnector(_http, _github.ApiUrl, options, time).CreatePoller(token ?? _github.Token);

    private static string Properties(ConnectorPoll poll, string id) =>
        Encoding.UTF8.GetString(poll.Entities.Single(e => e.Id == id).Properties);
}
