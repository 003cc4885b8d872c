using System.Net.Http.Headers;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Connectors;

/// <summary>
/// A deployment with a credential key and OAuth apps for github and gmail (linkedin and calendar have none), whose
/// token endpoints are a <see cref="FakeOAuthProvider"/> on loopback. Open mode; <see cref="AuthConnectorServer"/> is auth mode.
/// </summary>
public class ConnectorServer : IAsyncLifetime
{
    public static readonly string EncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());
    public const string GithubClientId = "flux client/1+2";
    public const string ClientSecret = "client-secret-never-shown";
    public const string CallbackBase = "https://flux.example.test/base/";

    private FluxUnderTest? _flux;

    public FakeOAuthProvider Provider { get; private set; } = null!;

    public FluxUnderTest Flux => _flux ?? throw new InvalidOperationException("not started");

    public FluxServer Server => Flux.Server;

    public FluxApi Api => Server.Api;

    protected virtual bool AuthEnabled => false;

    public async Task InitializeAsync()
    {
        Provider = await FakeOAuthProvider.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["FLUX_ENCRYPTION_KEY"] = EncryptionKey,
            ["FLUX_OAUTH_CALLBACK_BASE_URL"] = CallbackBase,
            ["FLUX_OAUTH_GITHUB_CLIENT_ID"] = GithubClientId,
            ["FLUX_OAUTH_GITHUB_CLIENT_SECRET"] = ClientSecret,
            ["FLUX_OAUTH_GITHUB_TOKEN_URL"] = Provider.TokenUrl,
            ["FLUX_OAUTH_GMAIL_CLIENT_ID"] = "gmail-client",
            ["FLUX_OAUTH_GMAIL_CLIENT_SECRET"] = ClientSecret,
            ["FLUX_OAUTH_GMAIL_TOKEN_URL"] = Provider.TokenUrl,
        };
        if (AuthEnabled)
        {
            environment["FLUX_AUTH_ENABLED"] = "true";
            environment["FLUX_ADMIN_TOKEN"] = AuthServer.AdminToken;
        }
        _flux = await FluxUnderTest.StartAsync(environment);
    }

    /// <summary>GET without following redirects: the OAuth start's Location must not be fetched (it is a real provider).</summary>
    public async Task<HttpResponseMessage> GetWithoutRedirectAsync(string path, string? token = null)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Everything every process of the deployment wrote to stdout and stderr.</summary>
    public string Output => string.Join("\n", Flux.Silos.Append(Server).Distinct().Select(process => process.Output.ToString()));

    public async Task DisposeAsync()
    {
        if (_flux is not null)
            await _flux.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>As <see cref="ConnectorServer"/>, in auth mode with the admin token of <see cref="AuthServer"/>.</summary>
public sealed class AuthConnectorServer : ConnectorServer
{
    protected override bool AuthEnabled => true;
}
