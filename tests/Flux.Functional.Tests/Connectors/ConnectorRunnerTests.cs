using System.Text.Json;
using Flux.Functional.Tests.Hosting;
using Flux.Functional.Tests.Operators;
using Flux.Testing.GitHub;

namespace Flux.Functional.Tests.Connectors;

/// <summary>
/// The connector runner against a fake GitHub on loopback (docs/connectors.md): storing a token makes the user's
/// world appear as entities, a poll publishes only what changed, a refused token shows in the API, and deleting
/// the credentials stops the poller. Pollers here poll every second.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class ConnectorRunnerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Base64 of 32 bytes: what FLUX_ENCRYPTION_KEY takes.</summary>
    private static readonly string EncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static readonly string[] Ids =
        ["github/repo/octo/repo-1", "github/repo/octo/repo-2", "github/repo/octo/repo-3", "github/issue/octo/repo-1#1", "github/issue/octo/repo-1#2", "github/notification/1"];

    /// <summary>A fake GitHub, and a Flux whose connectors poll it every second.</summary>
    private sealed record World(FakeGitHub GitHub, FluxUnderTest Flux) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Flux.DisposeAsync();
            await GitHub.DisposeAsync();
        }
    }

    /// <summary>The fake holds three repositories, an issue, a pull request and a notification.</summary>
    private static async Task<World> StartAsync(Dictionary<string, string>? settings = null)
    {
        var github = await FakeGitHub.StartAsync();
        github.Edit(data =>
        {
            data.AddRepositories(3);
            data.AddIssues(2, pullRequestEvery: 2);
            data.AddNotifications(1);
        });
        var environment = new Dictionary<string, string>(settings ?? [])
        {
            ["FLUX_ENCRYPTION_KEY"] = EncryptionKey,
            ["FLUX_CONNECTOR_GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["FLUX_CONNECTOR_GITHUB_POLL_SECONDS"] = "1",
        };
        return new World(github, await FluxUnderTest.StartAsync(environment));
    }

    private static Task<ApiResponse> StoreTokenAsync(FluxApi api, string githubToken, string? fluxToken = null) =>
        api.SendAsync(HttpMethod.Post, "api/connectors/github/token", JsonSerializer.Serialize(new { token = githubToken }), fluxToken);

    private static Task<ApiResponse> ConnectorAsync(FluxApi api, string? fluxToken = null) =>
        api.SendAsync(HttpMethod.Get, "api/connectors/github", token: fluxToken);

    private static Task AppearsAsync(FluxApi api, IEnumerable<string> ids) =>
        Task.WhenAll(ids.Select(id => Eventually.HoldsAsync(() => api.GetEntityAsync(id), r => r.Status == 200, Wait, $"{id} published")));

    [Fact]
    public async Task storing_a_github_token_makes_the_users_repositories_issues_and_notifications_appear_as_entities()
    {
        await using var world = await StartAsync();
        var (github, flux) = world;

        Expect.Ok(await StoreTokenAsync(flux.Api, github.Token));
        await AppearsAsync(flux.Api, Ids);

        var repo = (await flux.Api.GetEntityOkAsync("github/repo/octo/repo-2")).GetProperty("properties");
        Assert.Equal("octo/repo-2", repo.GetProperty("full_name").GetString());
        Assert.Equal(20, repo.GetProperty("stargazers_count").GetInt32());
        Assert.True((await flux.Api.GetEntityOkAsync("github/issue/octo/repo-1#2")).GetProperty("properties").GetProperty("is_pull_request").GetBoolean());
        var status = await Eventually.HoldsAsync(() => ConnectorAsync(flux.Api), r => r.Status == 200 && r.Json.TryGetProperty("last_poll", out _), Wait, "last_poll reported");
        Assert.Equal("configured", status.Json.GetProperty("status").GetString());
        Assert.False(status.Json.TryGetProperty("last_error", out _), status.Body);
        Assert.All(github.Requests, request => Assert.Equal($"Bearer {github.Token}", request.Authorization));
    }

    [Fact]
    public async Task an_unchanged_poll_is_all_304s_and_publishes_nothing_and_a_changed_issue_publishes_only_the_changed_property()
    {
        await using var world = await StartAsync();
        var (github, flux) = world;
        Expect.Ok(await StoreTokenAsync(flux.Api, github.Token));
        await AppearsAsync(flux.Api, Ids);

        // Polls go on every second: wait for whole polls answered 304 (three lists each), then count each entity's events.
        github.ClearRequests();
        await Eventually.HoldsAsync(() => Task.FromResult(github.Requests), seen => seen.Count(r => r.Status == 304) >= 6, Wait, "two unchanged polls");
        Assert.All(github.Requests, request => Assert.Equal(304, request.Status));
        foreach (var id in Ids)
            Assert.Single(await flux.Api.HistoryOkAsync(id));

        github.Edit(data => data.Issues[0]["comments"] = 7);
        var history = await Eventually.HoldsAsync(() => flux.Api.HistoryOkAsync("github/issue/octo/repo-1#1"), events => events.Count == 2, Wait, "the changed issue's second event");
        var changed = history[0].GetProperty("payload").GetProperty("properties");
        Assert.Equal(["comments"], changed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(7, changed.GetProperty("comments").GetInt32());
        Assert.Equal(7, (await flux.Api.GetEntityOkAsync("github/issue/octo/repo-1#1")).GetProperty("properties").GetProperty("comments").GetInt32());
        foreach (var id in Ids.Where(id => id != "github/issue/octo/repo-1#1"))
            Assert.Single(await flux.Api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task what_a_connector_publishes_counts_in_the_accepted_total_the_rate_and_the_active_publishers()
    {
        await using var world = await StartAsync();
        var (github, flux) = world;
        Expect.Ok(await StoreTokenAsync(flux.Api, github.Token));
        await AppearsAsync(flux.Api, Ids);

        // Nothing here publishes through the API. The rate covers only the last 5 s, so the issue keeps changing: each
        // poll publishes one more event for as long as the figures are awaited.
        var comments = 0;
        var metrics = await Eventually.HoldsAsync(async () =>
            {
                github.Edit(data => data.Issues[0]["comments"] = ++comments);
                return PrometheusText.Parse(await flux.Server.Http.GetStringAsync("metrics"));
            },
            m => m.Sum("flux_events_accepted_total") >= Ids.Length && m.Sum("flux_events_rate_per_second") > 0 && m.Sum("flux_publishers_active") == 1,
            Wait, "the connector's events in /metrics");
        Assert.True(metrics.Sum("flux_events_accepted_total") <= Ids.Length + comments, $"{metrics.Sum("flux_events_accepted_total")} events counted");
    }

    [Fact]
    public async Task a_token_github_refuses_shows_status_error_with_githubs_reason_and_never_the_token()
    {
        await using var world = await StartAsync();
        var (github, flux) = world;
        const string refused = "ghp_refused0000000000000000000000000000";

        Expect.Ok(await StoreTokenAsync(flux.Api, refused));
        var detail = await Eventually.HoldsAsync(() => ConnectorAsync(flux.Api), r => r.Status == 200 && r.Json.GetProperty("status").GetString() == "error", Wait, "status error");

        var error = detail.Json.GetProperty("last_error").GetString()!;
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.Contains("Bad credentials", error, StringComparison.Ordinal);
        Assert.DoesNotContain(refused, detail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(refused, string.Concat(flux.Silos.Select(silo => silo.Output.ToString()).Append(flux.Server.Output.ToString())), StringComparison.Ordinal);
        Assert.Equal(404, (await flux.Api.GetEntityAsync(Ids[0])).Status);
    }

    [Fact]
    public async Task in_auth_mode_each_namespace_even_one_named_default_gets_the_world_under_its_own_name_and_deleting_its_credentials_stops_its_poller()
    {
        const string admin = "connector-admin";
        await using var world = await StartAsync(new() { ["FLUX_AUTH_ENABLED"] = "true", ["FLUX_ADMIN_TOKEN"] = admin });
        var (github, flux) = world;
        var owner = Expect.Ok(await flux.Api.RegisterNamespaceAsync("default", admin)).Json.GetProperty("token").GetString();
        var beta = Expect.Ok(await flux.Api.RegisterNamespaceAsync("beta", admin)).Json.GetProperty("token").GetString();

        Expect.Ok(await StoreTokenAsync(flux.Api, github.Token, owner));
        Expect.Ok(await StoreTokenAsync(flux.Api, github.Token, beta));
        await AppearsAsync(flux.Api, Ids.Select(id => $"default/{id}").Concat(Ids.Select(id => $"beta/{id}")));
        Assert.Equal(404, (await flux.Api.GetEntityAsync(Ids[0])).Status);

        Expect.Ok(await flux.Api.SendAsync(HttpMethod.Delete, "api/connectors/github/token", token: owner));
        // beta's poller goes on at the same interval; once it has seen two changes made one after the other, a whole
        // interval has passed since the first, in which the first poller would have polled too.
        foreach (var stars in new[] { 99, 100 })
        {
            github.Edit(data => data.Repositories[0]["stargazers_count"] = stars);
            await Eventually.HoldsAsync(() => flux.Api.GetEntityOkAsync("beta/github/repo/octo/repo-1"),
                repo => repo.GetProperty("properties").GetProperty("stargazers_count").GetInt32() == stars, Wait, $"beta's poller saw {stars} stars");
        }
        var stale = await flux.Api.GetEntityOkAsync("default/github/repo/octo/repo-1");
        Assert.Equal(10, stale.GetProperty("properties").GetProperty("stargazers_count").GetInt32());
        Assert.Equal("not_configured", Expect.Ok(await ConnectorAsync(flux.Api, owner)).Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task deleting_a_namespace_deletes_its_connector_credentials_so_a_namespace_registered_again_under_its_name_has_none()
    {
        const string admin = "connector-admin";
        await using var world = await StartAsync(new() { ["FLUX_AUTH_ENABLED"] = "true", ["FLUX_ADMIN_TOKEN"] = admin });
        var (github, flux) = world;
        var first = Expect.Ok(await flux.Api.RegisterNamespaceAsync("gamma", admin)).Json.GetProperty("token").GetString();
        Expect.Ok(await StoreTokenAsync(flux.Api, github.Token, first));
        await AppearsAsync(flux.Api, Ids.Select(id => $"gamma/{id}"));

        Assert.Equal(204, (await flux.Api.DeleteNamespaceAsync("gamma", admin)).Status);
        var second = Expect.Ok(await flux.Api.RegisterNamespaceAsync("gamma", admin)).Json.GetProperty("token").GetString();

        var detail = Expect.Ok(await ConnectorAsync(flux.Api, second)).Json;
        Assert.Equal("not_configured", detail.GetProperty("status").GetString());
        Assert.False(detail.TryGetProperty("last_poll", out _));
    }
}
