using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Connectors;

/// <summary>Without FLUX_ENCRYPTION_KEY the server runs and connectors are not configured (docs/api.md §6.10; checklist 30).</summary>
[Trait("Suite", "conformance")]
public sealed class ConnectorsWithoutKeyTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private const string NotAvailable = "Credential storage not available (FLUX_ENCRYPTION_KEY not set)";
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task the_list_shows_the_four_connectors_in_order_not_configured()
    {
        var json = Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/connectors")).Json;

        Expect.Keys(json, "connectors");
        var connectors = json.GetProperty("connectors").EnumerateArray().ToArray();
        Assert.Equal(["github", "gmail", "linkedin", "calendar"], connectors.Select(c => c.GetProperty("name").GetString()));
        foreach (var connector in connectors)
        {
            Expect.Keys(connector, "name", "enabled", "status");
            Assert.False(connector.GetProperty("enabled").GetBoolean());
            Assert.Equal("not_configured", connector.GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData("github", 300)]
    [InlineData("gmail", 60)]
    [InlineData("linkedin", 600)]
    [InlineData("calendar", 300)]
    public async Task one_connector_is_not_configured_with_its_poll_interval(string name, int interval)
    {
        var json = Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/connectors/{name}")).Json;

        Expect.Keys(json, "name", "enabled", "status", "poll_interval_seconds");
        Assert.Equal(name, json.GetProperty("name").GetString());
        Assert.False(json.GetProperty("enabled").GetBoolean());
        Assert.Equal("not_configured", json.GetProperty("status").GetString());
        Assert.Equal(interval, json.GetProperty("poll_interval_seconds").GetInt32());
    }

    [Fact]
    public async Task storing_or_deleting_a_token_answers_500_with_the_exact_message()
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/github/token", """{"token":"ghp_x"}"""), 500, NotAvailable);
        Expect.Error(await _api.SendAsync(HttpMethod.Delete, "api/connectors/github/token"), 500, NotAvailable);
    }

    [Fact]
    public async Task an_unknown_connector_is_404_with_the_exact_message_before_anything_else()
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Get, "api/connectors/dropbox"), 404, "Connector 'dropbox' not found");
        Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/connectors/dropbox/token", "not json"), 404, "Connector 'dropbox' not found");
        Expect.Error(await _api.SendAsync(HttpMethod.Delete, "api/connectors/GitHub/token"), 404, "Connector 'GitHub' not found");
    }

    [Fact]
    public async Task the_oauth_endpoints_do_not_exist_without_the_store()
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Get, "api/connectors/github/oauth/start"), 404, "Not found");
        Expect.Error(await _api.SendAsync(HttpMethod.Get, "api/connectors/github/oauth/callback?code=c&state=s"), 404, "Not found");
    }

    [Fact]
    public async Task the_server_says_once_why_credentials_cannot_be_stored()
    {
        await _api.SendAsync(HttpMethod.Get, "api/connectors/github");

        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Server.Output.ToString()),
            output => output.Contains("FLUX_ENCRYPTION_KEY must be the standard base64 of exactly 32 random bytes", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the warning naming FLUX_ENCRYPTION_KEY");
    }
}
