using System.Text.Json;
using Flux.Testing.GitHub;

namespace Flux.Functional.Tests.Connectors;

/// <summary>
/// Credentials stored in open mode belong to the owner <c>default</c> (docs/api.md §6.10). After a switch to auth
/// mode, a namespace registered under that name is someone else, and must not poll with them.
/// </summary>
public sealed class ConnectorModeSwitchTests
{
    private static readonly string EncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task a_namespace_named_default_registered_after_a_switch_to_auth_mode_does_not_inherit_the_open_modes_credentials()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.Edit(data => data.AddRepositories(1));
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string>
        {
            ["FLUX_ENCRYPTION_KEY"] = EncryptionKey,
            ["FLUX_CONNECTOR_GITHUB_API_URL"] = github.ApiUrl.ToString(),
        });
        var api = server.Api;
        Expect.Ok(await api.SendAsync(HttpMethod.Post, "api/connectors/github/token", JsonSerializer.Serialize(new { token = github.Token })));
        Assert.Equal("configured", Expect.Ok(await api.SendAsync(HttpMethod.Get, "api/connectors/github")).Json.GetProperty("status").GetString());

        const string admin = "switch-admin";
        server.SetEnvironment("FLUX_AUTH_ENABLED", "true");
        server.SetEnvironment("FLUX_ADMIN_TOKEN", admin);
        await server.RestartAsync();
        var token = Expect.Ok(await server.Api.RegisterNamespaceAsync("default", admin)).Json.GetProperty("token").GetString();

        var detail = Expect.Ok(await server.Api.SendAsync(HttpMethod.Get, "api/connectors/github", token: token)).Json;
        Assert.Equal("not_configured", detail.GetProperty("status").GetString());
        Assert.False(detail.GetProperty("enabled").GetBoolean());
    }
}
