using System.Text.Json;

namespace Flux.Functional.Tests.Connectors;

/// <summary>Personal access tokens in open mode, where every credential belongs to the owner <c>default</c> (docs/api.md §6.10).</summary>
[Trait("Suite", "conformance")]
public sealed class ConnectorTokenTests(ConnectorServer fixture) : IClassFixture<ConnectorServer>
{
    private FluxApi _api => fixture.Api; // a restart gives the server a new client

    private async Task ForgetAsync(string connector) => await _api.SendAsync(HttpMethod.Delete, $"api/connectors/{connector}/token");

    private async Task<JsonElement> ConnectorAsync(string connector) =>
        Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/connectors/{connector}")).Json;

    private async Task<Dictionary<string, (bool Enabled, string Status)>> ListAsync() =>
        Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/connectors")).Json.GetProperty("connectors").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (c.GetProperty("enabled").GetBoolean(), c.GetProperty("status").GetString()!));

    [Fact]
    public async Task a_stored_token_makes_the_connector_configured_in_the_list_and_on_its_own()
    {
        await ForgetAsync("github");
        var token = "ghp_" + Guid.NewGuid().ToString("N");

        var stored = Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/github/token", $$"""{"token":"{{token}}"}"""));

        Assert.Equal("""{"success":true}""", stored.Body);
        Assert.Equal((true, "configured"), (await ListAsync())["github"]);
        var one = await ConnectorAsync("github");
        Assert.True(one.GetProperty("enabled").GetBoolean());
        Assert.Equal("configured", one.GetProperty("status").GetString());
        Assert.Equal(300, one.GetProperty("poll_interval_seconds").GetInt32());
        Assert.DoesNotContain(token, (await _api.SendAsync(HttpMethod.Get, "api/connectors")).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, one.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, fixture.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task storing_again_replaces_the_token_and_keeps_the_connector_configured()
    {
        await ForgetAsync("gmail");

        Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/gmail/token", """{"token":"first"}"""));
        Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/gmail/token", """{"token":"second","extra":1}"""));

        Assert.Equal("configured", (await ConnectorAsync("gmail")).GetProperty("status").GetString());
        Expect.Ok(await _api.SendAsync(HttpMethod.Delete, "api/connectors/gmail/token"));
        Assert.Equal("not_configured", (await ConnectorAsync("gmail")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task delete_removes_the_credentials_and_a_second_delete_is_404_with_the_exact_message()
    {
        await ForgetAsync("calendar");
        Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/calendar/token", """{"token":"cal-token"}"""));

        var deleted = Expect.Ok(await _api.SendAsync(HttpMethod.Delete, "api/connectors/calendar/token"));

        Assert.Equal("""{"success":true}""", deleted.Body);
        Assert.Equal((false, "not_configured"), (await ListAsync())["calendar"]);
        Expect.Error(await _api.SendAsync(HttpMethod.Delete, "api/connectors/calendar/token"), 404, "No credentials found for connector 'calendar'");
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"token\":", "not valid JSON")]
    [InlineData("[\"t\"]", "must be a JSON object")]
    [InlineData("{}", "Missing 'token'")]
    [InlineData("{\"token\":42}", "'token' must be a string")]
    [InlineData("{\"token\":null}", "'token' must be a string")]
    [InlineData("{\"token\":\"\"}", "'token' is empty")]
    [InlineData("{\"token\":\"   \"}", "'token' is empty")]
    public async Task a_body_without_a_token_is_400_saying_what_to_send(string body, string problem)
    {
        var message = Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/linkedin/token", body), 400);

        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.EndsWith("send {\"token\": \"<personal access token>\"}", message, StringComparison.Ordinal);
        Assert.Equal("not_configured", (await ConnectorAsync("linkedin")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task an_unknown_connector_is_404_with_the_exact_message()
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Get, "api/connectors/slack"), 404, "Connector 'slack' not found");
        Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/slack/token", """{"token":"t"}"""), 404, "Connector 'slack' not found");
        Expect.Error(await _api.SendAsync(HttpMethod.Delete, "api/connectors/slack/token"), 404, "Connector 'slack' not found");
        Expect.Error(await _api.SendAsync(HttpMethod.Get, "api/connectors/slack/oauth/start"), 404, "Connector 'slack' not found");
    }

    [Fact]
    public async Task stored_credentials_survive_a_restart()
    {
        await ForgetAsync("linkedin");
        Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/linkedin/token", """{"token":"li-token"}"""));

        await fixture.Server.RestartAsync();

        Assert.Equal("configured", (await ConnectorAsync("linkedin")).GetProperty("status").GetString());
        Expect.Ok(await fixture.Api.SendAsync(HttpMethod.Delete, "api/connectors/linkedin/token"));
    }
}
