using System.Net;
using System.Text;
using Flux.Gateway.Configuration;
using Flux.Gateway.Connectors;
using Flux.Storage;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Tests.Connectors;

/// <summary>The token exchange of the OAuth callback (docs/api.md §6.10, step 7) against canned provider answers.</summary>
public sealed class OAuthTokenEndpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly OAuthApp App = new("client", "secret", "https://provider.invalid/token");

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class CannedProvider(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answer(request, cancellationToken);
    }

    private sealed class Clients(HttpMessageHandler handler, TimeSpan timeout) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { Timeout = timeout };
    }

    /// <summary>The github OAuth app of <see cref="App"/>, as the settings give it.</summary>
    private static readonly IOptions<OAuthOptions> GithubApp = Options.Create(new OAuthOptions
    {
        GithubClientId = App.ClientId, GithubClientSecret = App.ClientSecret, GithubTokenUrl = App.TokenUrl,
    });

    private static OAuthTokenEndpoint Endpoint(HttpMessageHandler provider, TimeSpan? timeout = null, IOptions<OAuthOptions>? options = null) =>
        new(new Clients(provider, timeout ?? OAuthTokenEndpoint.Timeout), options ?? GithubApp, new FixedTime());

    private static OAuthTokenEndpoint Exchange(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        Endpoint(new CannedProvider((_, _) => Task.FromResult(new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        })));

    [Fact]
    public async Task a_grant_becomes_credentials_with_an_absolute_expiry()
    {
        var credentials = await Exchange("""{"access_token":"a","refresh_token":"r","expires_in":3600}""")
            .ExchangeAsync(App, "code", "https://flux/cb", CancellationToken.None);

        Assert.Equal(new("a", "r", Now.AddSeconds(3600)), credentials);
    }

    [Fact]
    public async Task a_grant_without_refresh_token_or_expiry_keeps_them_empty()
    {
        var credentials = await Exchange("""{"access_token":"a","token_type":"bearer"}""")
            .ExchangeAsync(App, "code", "https://flux/cb", CancellationToken.None);

        Assert.Equal(new("a", null, null), credentials);
    }

    [Theory]
    [InlineData("""{"token_type":"bearer"}""", HttpStatusCode.OK, "the provider's answer has no access_token")]
    [InlineData("""{"access_token":""}""", HttpStatusCode.OK, "the provider's answer has no access_token")]
    [InlineData("""[1]""", HttpStatusCode.OK, "the provider's answer has no access_token")]
    [InlineData("""{"error":"invalid_grant","error_description":"Bad code"}""", HttpStatusCode.BadRequest, "the provider answered 400 (invalid_grant - Bad code)")]
    [InlineData("""{"error":"bad_verification_code"}""", HttpStatusCode.OK, "the provider refused the code (bad_verification_code - no description)")]
    public async Task an_unusable_answer_is_described_without_its_tokens(string json, HttpStatusCode status, string detail)
    {
        var failure = await Assert.ThrowsAsync<OAuthExchangeException>(() =>
            Exchange(json, status).ExchangeAsync(App, "code", "https://flux/cb", CancellationToken.None));

        Assert.Equal(detail, failure.Message);
    }

    [Fact]
    public async Task a_provider_that_does_not_answer_in_time_is_a_failure_not_a_hang()
    {
        var silent = new CannedProvider(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage();
        });
        var exchange = Endpoint(silent, TimeSpan.FromMilliseconds(100));

        var failure = await Assert.ThrowsAsync<OAuthExchangeException>(() => exchange.ExchangeAsync(App, "code", "https://flux/cb", CancellationToken.None));

        Assert.StartsWith("the provider did not answer within", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_exchange_posts_the_form_the_contract_names_and_asks_for_json()
    {
        string? form = null;
        string? accept = null;
        var provider = new CannedProvider(async (request, ct) =>
        {
            form = await request.Content!.ReadAsStringAsync(ct);
            accept = request.Headers.Accept.ToString();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"access_token":"a"}""") };
        });

        await Endpoint(provider).ExchangeAsync(App, "the code", "https://flux/cb", CancellationToken.None);

        Assert.Equal("grant_type=authorization_code&code=the+code&redirect_uri=https%3A%2F%2Fflux%2Fcb&client_id=client&client_secret=secret", form);
        Assert.Equal("application/json", accept);
    }

    [Fact]
    public async Task renewing_posts_the_refresh_token_grant_and_keeps_the_refresh_token_when_the_answer_leaves_it_out()
    {
        string? form = null;
        var provider = new CannedProvider(async (request, ct) =>
        {
            form = await request.Content!.ReadAsStringAsync(ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"access_token":"a2","expires_in":3600}""") };
        });

        var renewed = await Endpoint(provider).RenewAsync("github", new("a1", "r1", Now), CancellationToken.None);

        Assert.Equal("grant_type=refresh_token&refresh_token=r1&client_id=client&client_secret=secret", form);
        Assert.Equal(new("a2", "r1", Now.AddSeconds(3600)), renewed);
    }

    [Fact]
    public async Task a_renewal_the_provider_refuses_says_so_without_the_tokens()
    {
        var failure = await Assert.ThrowsAsync<CredentialRenewalException>(() =>
            Exchange("""{"error":"bad_refresh_token","error_description":"The refresh token passed is incorrect or expired."}""")
                .RenewAsync("github", new("a1", "r1", Now), CancellationToken.None));

        Assert.Equal("the access token expired and could not be renewed: the provider refused the refresh token (bad_refresh_token - "
            + "The refresh token passed is incorrect or expired.); authorize again if this lasts", failure.Message);
    }

    [Fact]
    public async Task without_a_refresh_token_or_an_oauth_app_nothing_is_asked_and_the_reason_names_what_is_missing()
    {
        var asked = false;
        var provider = new CannedProvider((_, _) =>
        {
            asked = true;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"access_token":"a2"}""") });
        });

        var noRefresh = await Assert.ThrowsAsync<CredentialRenewalException>(() => Endpoint(provider).RenewAsync("github", new("a1", null, Now), CancellationToken.None));
        var noApp = await Assert.ThrowsAsync<CredentialRenewalException>(() =>
            Endpoint(provider, options: Options.Create(new OAuthOptions())).RenewAsync("github", new("a1", "r1", Now), CancellationToken.None));

        Assert.False(asked);
        Assert.Contains("without a refresh token", noRefresh.Message, StringComparison.Ordinal);
        Assert.Contains("FLUX_OAUTH_GITHUB_CLIENT_ID", noApp.Message, StringComparison.Ordinal);
    }
}
