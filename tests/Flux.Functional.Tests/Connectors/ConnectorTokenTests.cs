using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

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

    /// <summary>Overwrites the stored credentials with bytes no key opens, as a changed FLUX_ENCRYPTION_KEY would leave them.</summary>
    private async Task CorruptAsync(string owner, string connector)
    {
        if (fixture.Flux.ClusterEnvironment is { } cluster)
        {
            await using var postgres = new NpgsqlConnection(cluster["FLUX_POSTGRES"]);
            await postgres.OpenAsync();
            await using var update = new NpgsqlCommand(
                "UPDATE flux_connector_credentials SET sealed = decode(repeat('00', 40), 'hex') WHERE owner = $1 AND connector = $2", postgres);
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = connector });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
            return;
        }
        var file = Path.Combine(fixture.Server.DataDir, "flux.db");
        await using var sqlite = new SqliteConnection($"Data Source={file};Pooling=False");
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = "UPDATE connector_credentials SET sealed = zeroblob(40) WHERE owner = $owner AND connector = $connector";
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$connector", connector);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task credentials_that_no_longer_decrypt_report_error_until_a_token_is_stored_again()
    {
        await ForgetAsync("calendar");
        Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/calendar/token", """{"token":"before-the-key-changed"}"""));

        await CorruptAsync("default", "calendar");

        var one = await ConnectorAsync("calendar");
        Assert.True(one.GetProperty("enabled").GetBoolean());
        Assert.Equal("error", one.GetProperty("status").GetString());
        Assert.Equal((true, "configured"), (await ListAsync())["calendar"]);
        Expect.Ok(await _api.SendAsync(HttpMethod.Post, "api/connectors/calendar/token", """{"token":"stored-again"}"""));
        Assert.Equal("configured", (await ConnectorAsync("calendar")).GetProperty("status").GetString());
        await ForgetAsync("calendar");
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
