using Flux.Functional.Tests.Hosting;
using Flux.Testing.GitHub;

namespace Flux.Functional.Tests.Connectors;

/// <summary>
/// A poller renews an OAuth access token that is about to expire with its refresh token before it polls, and stores
/// the renewed tokens (docs/connectors.md): a connection authorized once keeps working past its token's lifetime.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class OAuthRenewalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_token_that_expires_within_a_minute_is_renewed_before_the_poll_and_the_renewed_one_is_kept()
    {
        await using var provider = await FakeOAuthProvider.StartAsync();
        await using var github = await FakeGitHub.StartAsync(token: "gho_first-renewed"); // GitHub takes only the renewed token
        github.Edit(data => data.AddRepositories(1));
        await using var flux = await FluxUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["FLUX_ENCRYPTION_KEY"] = ConnectorServer.EncryptionKey,
            ["FLUX_CONNECTOR_GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["FLUX_CONNECTOR_GITHUB_POLL_SECONDS"] = "1",
            ["FLUX_OAUTH_GITHUB_CLIENT_ID"] = ConnectorServer.GithubClientId,
            ["FLUX_OAUTH_GITHUB_CLIENT_SECRET"] = ConnectorServer.ClientSecret,
            ["FLUX_OAUTH_GITHUB_TOKEN_URL"] = provider.TokenUrl,
        });

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = flux.BaseAddress };
        using var start = await browser.GetAsync("api/connectors/github/oauth/start");
        var state = OAuthFlowTests.QueryOf(start.Headers.Location!)["state"];
        Expect.Ok(await flux.Api.SendAsync(HttpMethod.Get, $"api/connectors/github/oauth/callback?code=expiring:gho_first&state={state}"));

        await Eventually.HoldsAsync(() => flux.Api.GetEntityAsync("github/repo/octo/repo-1"), r => r.Status == 200, Wait, "a poll with the renewed token");
        var renewal = Assert.Single(provider.Requests, form => form["grant_type"] == "refresh_token");
        Assert.Equal("refresh-gho_first", renewal["refresh_token"]);
        Assert.Equal(ConnectorServer.GithubClientId, renewal["client_id"]);

        // The renewed token lasts an hour: the polls after it use it as stored, with no second renewal.
        github.ClearRequests();
        await Eventually.HoldsAsync(() => Task.FromResult(github.Requests), seen => seen.Count(r => r.Status == 304) >= 6, Wait, "two more polls");
        Assert.All(github.Requests, request => Assert.Equal("Bearer gho_first-renewed", request.Authorization));
        Assert.Single(provider.Requests, form => form["grant_type"] == "refresh_token");
        var status = Expect.Ok(await flux.Api.SendAsync(HttpMethod.Get, "api/connectors/github")).Json;
        Assert.Equal("configured", status.GetProperty("status").GetString());
        Assert.False(status.TryGetProperty("last_error", out _), status.ToString());
    }
}
