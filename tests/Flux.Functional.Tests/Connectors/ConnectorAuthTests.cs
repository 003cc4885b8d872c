using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Connectors;

/// <summary>In auth mode credentials belong to the namespace whose token the bearer is (docs/api.md §6.10, §7.3).</summary>
[Trait("Suite", "conformance")]
public sealed class ConnectorAuthTests(AuthConnectorServer fixture) : IClassFixture<AuthConnectorServer>
{
    private readonly FluxApi _api = fixture.Api;

    private async Task<(string Name, string Token)> RegisterAsync()
    {
        var name = Ids.Unique("conn");
        var json = Expect.Ok(await _api.RegisterNamespaceAsync(name, AuthServer.AdminToken)).Json;
        return (name, json.GetProperty("token").GetString()!);
    }

    private async Task<string> StatusAsync(string connector, string token) =>
        Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/connectors/{connector}", token: token)).Json.GetProperty("status").GetString()!;

    [Fact]
    public async Task every_connector_endpoint_but_the_callback_needs_a_namespace_token()
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "api/connectors"), (HttpMethod.Get, "api/connectors/github"),
            (HttpMethod.Post, "api/connectors/github/token"), (HttpMethod.Delete, "api/connectors/github/token"),
            (HttpMethod.Get, "api/connectors/github/oauth/start"),
        })
        {
            var body = method == HttpMethod.Post ? """{"token":"t"}""" : null;
            Assert.StartsWith("Invalid token: ", Expect.Error(await _api.SendAsync(method, path, body), 401), StringComparison.Ordinal);
            Assert.StartsWith("Invalid token: the token belongs to no namespace",
                Expect.Error(await _api.SendAsync(method, path, body, Guid.NewGuid().ToString()), 401), StringComparison.Ordinal);
        }
        Expect.Error(await _api.SendAsync(HttpMethod.Get, "api/connectors/github/oauth/callback?code=c&state=unknown"), 401,
            "Invalid or expired OAuth state (possible CSRF attack)");
    }

    [Fact]
    public async Task the_admin_token_is_not_a_namespace_token()
    {
        var message = Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/github/token", """{"token":"t"}""", AuthServer.AdminToken), 401);

        Assert.StartsWith("Invalid token: the admin token is not a namespace token", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_order_is_unknown_connector_then_store_then_token_then_body()
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/nope/token", "x"), 404, "Connector 'nope' not found");
        Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/github/token", "x"), 401);
        var (_, token) = await RegisterAsync();
        Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/github/token", "x", token), 400);
    }

    [Fact]
    public async Task a_namespace_sees_and_deletes_only_its_own_credentials()
    {
        var (_, mine) = await RegisterAsync();
        var (_, theirs) = await RegisterAsync();

        Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/github/token", """{"token":"mine-only"}""", mine));

        Assert.Equal("configured", await StatusAsync("github", mine));
        Assert.Equal("not_configured", await StatusAsync("github", theirs));
        var theirList = Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/connectors", token: theirs)).Json.GetProperty("connectors");
        Assert.All(theirList.EnumerateArray(), c => Assert.Equal("not_configured", c.GetProperty("status").GetString()));
        Expect.Error(await _api.SendAsync(HttpMethod.Delete, "api/connectors/github/token", token: theirs), 404,
            "No credentials found for connector 'github'");
        Assert.Equal("configured", await StatusAsync("github", mine));
        Expect.Ok(await _api.SendAsync(HttpMethod.Delete, "api/connectors/github/token", token: mine));
        Assert.Equal("not_configured", await StatusAsync("github", mine));
    }

    [Fact]
    public async Task oauth_binds_the_state_to_the_namespace_that_started_it()
    {
        var (_, mine) = await RegisterAsync();
        var (_, theirs) = await RegisterAsync();
        var start = await fixture.GetWithoutRedirectAsync("api/connectors/github/oauth/start", mine);
        Assert.Equal(307, (int)start.StatusCode);
        var state = OAuthFlowTests.QueryOf(start.Headers.Location!)["state"];

        Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/connectors/github/oauth/callback?code=good:ns-bound-token&state={state}"));

        Assert.Equal("configured", await StatusAsync("github", mine));
        Assert.Equal("not_configured", await StatusAsync("github", theirs));
    }
}
