namespace Flux.Functional.Tests.Connectors;

/// <summary>
/// The OAuth authorization-code flow (docs/api.md §6.10): start redirects to the provider with a fresh state; the
/// callback checks its steps in order, exchanges the code at the provider's token endpoint (here a fake one on
/// loopback) and stores the tokens for the owner the state was issued to.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class OAuthFlowTests(ConnectorServer fixture) : IClassFixture<ConnectorServer>
{
    private const string GithubCallback = ConnectorServer.CallbackBase + "api/connectors/github/oauth/callback";
    private const string Exchange = "Failed to exchange authorization code: ";

    private FluxApi _api => fixture.Api; // a restart gives the server a new client

    /// <summary>The query of <paramref name="location"/>, each value as sent (still percent-encoded).</summary>
    public static Dictionary<string, string> RawQueryOf(Uri location) =>
        location.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public static Dictionary<string, string> QueryOf(Uri location) =>
        RawQueryOf(location).ToDictionary(p => p.Key, p => Uri.UnescapeDataString(p.Value), StringComparer.Ordinal);

    private async Task<string> StartAsync(string connector = "github")
    {
        var response = await fixture.GetWithoutRedirectAsync($"api/connectors/{connector}/oauth/start");
        Assert.Equal(307, (int)response.StatusCode);
        return QueryOf(response.Headers.Location!)["state"];
    }

    private Task<ApiResponse> CallbackAsync(string connector, string query) =>
        _api.SendAsync(HttpMethod.Get, $"api/connectors/{connector}/oauth/callback?{query}");

    [Fact]
    public async Task start_redirects_307_to_the_provider_with_percent_encoded_parameters_and_a_fresh_state()
    {
        var response = await fixture.GetWithoutRedirectAsync("api/connectors/github/oauth/start");
        var again = await fixture.GetWithoutRedirectAsync("api/connectors/github/oauth/start");

        Assert.Equal(307, (int)response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("https://github.com/login/oauth/authorize", location.GetLeftPart(UriPartial.Path));
        var raw = RawQueryOf(location);
        Assert.Equal(["client_id", "redirect_uri", "scope", "state", "response_type"], raw.Keys);
        Assert.Equal("flux%20client%2F1%2B2", raw["client_id"]);
        Assert.Equal(Uri.EscapeDataString(GithubCallback), raw["redirect_uri"]);
        Assert.Equal("repo%20read%3Auser", raw["scope"]);
        Assert.Equal("code", raw["response_type"]);
        var state = raw["state"];
        Assert.True(Guid.TryParseExact(state, "D", out _), state);
        Assert.Equal('4', state[14]);
        Assert.NotEqual(state, QueryOf(again.Headers.Location!)["state"]);
    }

    [Fact]
    public async Task google_connectors_ask_google_for_their_read_only_scope()
    {
        var response = await fixture.GetWithoutRedirectAsync("api/connectors/gmail/oauth/start");

        var location = response.Headers.Location!;
        Assert.Equal("https://accounts.google.com/o/oauth2/v2/auth", location.GetLeftPart(UriPartial.Path));
        Assert.Equal("https://www.googleapis.com/auth/gmail.readonly", QueryOf(location)["scope"]);
        Assert.Equal(ConnectorServer.CallbackBase + "api/connectors/gmail/oauth/callback", QueryOf(location)["redirect_uri"]);
    }

    [Fact]
    public async Task start_for_a_connector_without_an_oauth_app_is_500_naming_the_variables()
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Get, "api/connectors/linkedin/oauth/start"), 500,
            "OAuth not configured for connector 'linkedin'. Set FLUX_OAUTH_LINKEDIN_CLIENT_ID and FLUX_OAUTH_LINKEDIN_CLIENT_SECRET environment variables.");
    }

    [Fact]
    public async Task the_callback_checks_error_then_code_then_state_with_the_exact_messages()
    {
        Expect.Error(await CallbackAsync("github", "error=access_denied&error_description=The+user+said+no&code=c&state=s"), 400,
            "OAuth authorization failed: access_denied - The user said no");
        Expect.Error(await CallbackAsync("github", "error=access_denied"), 400, "OAuth authorization failed: access_denied - Unknown error");
        Expect.Error(await CallbackAsync("github", "state=s"), 400, "Missing 'code' parameter");
        Expect.Error(await CallbackAsync("github", "code=c"), 400, "Missing 'state' parameter");
        Expect.Error(await CallbackAsync("github", "code=c&state=never-issued"), 401, "Invalid or expired OAuth state (possible CSRF attack)");
        Expect.Error(await CallbackAsync("dropbox", "code=c&state=s"), 404, "Connector 'dropbox' not found");
    }

    [Fact]
    public async Task a_state_used_on_another_connector_is_a_mismatch_and_is_spent()
    {
        var state = await StartAsync("github");

        Expect.Error(await CallbackAsync("gmail", $"code=good:x&state={state}"), 400, "Connector name mismatch");
        Expect.Error(await CallbackAsync("github", $"code=good:x&state={state}"), 401, "Invalid or expired OAuth state (possible CSRF attack)");
    }

    [Fact]
    public async Task the_callback_exchanges_the_code_stores_the_tokens_and_the_state_works_once()
    {
        await _api.SendAsync(HttpMethod.Delete, "api/connectors/github/token");
        var accessToken = "gho_" + Guid.NewGuid().ToString("N");
        var state = await StartAsync();
        var before = fixture.Provider.Requests.Count;

        var connected = Expect.Ok(await CallbackAsync("github", $"code=good:{accessToken}&state={state}"));

        Assert.Equal("""{"success":true,"message":"Successfully connected github","connector":"github"}""", connected.Body);
        var exchange = fixture.Provider.Requests[before];
        Assert.Equal("authorization_code", exchange["grant_type"]);
        Assert.Equal($"good:{accessToken}", exchange["code"]);
        Assert.Equal(GithubCallback, exchange["redirect_uri"]);
        Assert.Equal(ConnectorServer.GithubClientId, exchange["client_id"]);
        Assert.Equal(ConnectorServer.ClientSecret, exchange["client_secret"]);
        Assert.Equal("application/json", exchange["accept"]);
        var status = Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/connectors/github"));
        Assert.Equal("configured", status.Json.GetProperty("status").GetString());
        Expect.Error(await CallbackAsync("github", $"code=good:{accessToken}&state={state}"), 401,
            "Invalid or expired OAuth state (possible CSRF attack)");
        foreach (var body in new[] { connected.Body, status.Body, (await _api.SendAsync(HttpMethod.Get, "api/connectors")).Body })
            Assert.DoesNotContain(accessToken, body, StringComparison.Ordinal);
        Assert.DoesNotContain(accessToken, fixture.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectorServer.ClientSecret, fixture.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refused", "the provider refused the code (bad_verification_code - The code passed is incorrect or expired.)")]
    [InlineData("broken", "the provider answered 500")]
    [InlineData("html", "the provider's answer is not JSON")]
    public async Task a_failed_exchange_is_502_saying_what_the_provider_did(string code, string detail)
    {
        var state = await StartAsync("gmail");

        Expect.Error(await CallbackAsync("gmail", $"code={code}&state={state}"), 502, Exchange + detail);
    }

    [Fact]
    public async Task an_issued_state_and_stored_credentials_survive_a_restart_of_the_server()
    {
        await _api.SendAsync(HttpMethod.Delete, "api/connectors/gmail/token");
        var state = await StartAsync("gmail");

        await fixture.Server.RestartAsync();

        Expect.Ok(await CallbackAsync("gmail", $"code=good:after-restart&state={state}"));
        await fixture.Server.RestartAsync();
        Assert.Equal("configured", Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/connectors/gmail")).Json.GetProperty("status").GetString());
    }
}
