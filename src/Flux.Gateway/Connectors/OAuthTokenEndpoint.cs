using System.Net.Http.Headers;
using System.Text.Json;
using Flux.Gateway.Configuration;
using Flux.Storage;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Connectors;

/// <summary>
/// A provider's token endpoint: trades an authorization code for tokens (docs/api.md §6.10, callback step 7), and
/// renews an access token with its refresh token before a poller uses it (docs/connectors.md). Each is a form POST
/// asking for JSON, bounded by <see cref="Timeout"/>. A failure says what went wrong without repeating any token.
/// </summary>
public sealed class OAuthTokenEndpoint(IHttpClientFactory clients, IOptions<OAuthOptions> options, TimeProvider time) : ICredentialRenewal
{
    public const string ClientName = "flux-oauth";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <exception cref="OAuthExchangeException">The provider did not grant tokens; the message is the contract's 502 detail.</exception>
    public Task<ConnectorCredentials> ExchangeAsync(OAuthApp app, string code, string redirectUri, CancellationToken cancellationToken) =>
        RequestAsync(app, "code",
        [
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri),
        ], cancellationToken);

    public async Task<ConnectorCredentials> RenewAsync(string connector, ConnectorCredentials credentials, CancellationToken cancellationToken)
    {
        var known = KnownConnectors.Find(connector) ?? throw new ArgumentException($"no connector '{connector}'", nameof(connector));
        if (credentials.RefreshToken is not { } refreshToken)
            throw new CredentialRenewalException("the access token expired and came without a refresh token; authorize again");
        if (options.Value.AppFor(known) is not { } app)
            throw new CredentialRenewalException(
                $"the access token expired and no OAuth app is configured to renew it ({known.SettingPrefix}_CLIENT_ID and _CLIENT_SECRET)");
        try
        {
            var renewed = await RequestAsync(app, "refresh token", [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);
            // Providers may keep the refresh token as it is and leave it out of the answer (Google does).
            return renewed with { RefreshToken = renewed.RefreshToken ?? refreshToken };
        }
        catch (OAuthExchangeException e)
        {
            throw new CredentialRenewalException($"the access token expired and could not be renewed: {e.Message}; authorize again if this lasts");
        }
    }

    /// <param name="grant">What the provider is asked to trade, as a refusal names it: "code", "refresh token".</param>
    private async Task<ConnectorCredentials> RequestAsync(OAuthApp app, string grant, KeyValuePair<string, string>[] fields, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, app.TokenUrl)
        {
            Content = new FormUrlEncodedContent([.. fields, new("client_id", app.ClientId), new("client_secret", app.ClientSecret)]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = clients.CreateClient(ClientName);

        byte[] body;
        int status;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OAuthExchangeException($"the provider did not answer within {Timeout.TotalSeconds} s");
        }
        catch (HttpRequestException e)
        {
            throw new OAuthExchangeException($"the provider could not be reached ({e.HttpRequestError})");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new OAuthExchangeException(status is >= 200 and < 300
                ? "the provider's answer is not JSON"
                : $"the provider answered {status}");
        }
        using (document)
        {
            var root = document.RootElement;
            var refusal = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error)
                ? $"{Text(error)} - {(root.TryGetProperty("error_description", out var description) ? Text(description) : "no description")}"
                : null;
            if (status is < 200 or >= 300)
                throw new OAuthExchangeException($"the provider answered {status}{(refusal is null ? "" : $" ({refusal})")}");
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out var access)
                || access.ValueKind != JsonValueKind.String || access.GetString() is not { Length: > 0 } accessToken)
            {
                throw new OAuthExchangeException(refusal is null ? "the provider's answer has no access_token" : $"the provider refused the {grant} ({refusal})");
            }
            var refreshToken = root.TryGetProperty("refresh_token", out var refresh) && refresh.ValueKind == JsonValueKind.String
                ? refresh.GetString()
                : null;
            DateTimeOffset? expiresAt = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number
                && expiresIn.TryGetInt64(out var seconds) && seconds > 0
                ? time.GetUtcNow().AddSeconds(seconds)
                : null;
            return new ConnectorCredentials(accessToken, refreshToken, expiresAt);
        }
    }

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
}

/// <summary>The provider did not grant tokens; the message is the contract's 502 detail.</summary>
public sealed class OAuthExchangeException(string detail) : Exception(detail);
