using System.Net.Http.Headers;
using System.Text.Json;
using Flux.Gateway.Configuration;
using Flux.Storage;

namespace Flux.Gateway.Connectors;

/// <summary>
/// Trades an authorization code for tokens at the provider's token endpoint (docs/api.md §6.10, callback step 7):
/// a form POST asking for JSON, bounded by <see cref="Timeout"/>. A failure is an <see cref="OAuthExchangeException"/>
/// whose message says what went wrong without repeating the provider's tokens.
/// </summary>
public sealed class OAuthCodeExchange(IHttpClientFactory clients, TimeProvider time)
{
    public const string ClientName = "flux-oauth";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<ConnectorCredentials> ExchangeAsync(OAuthApp app, string code, string redirectUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, app.TokenUrl)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "authorization_code"),
                new("code", code),
                new("redirect_uri", redirectUri),
                new("client_id", app.ClientId),
                new("client_secret", app.ClientSecret),
            ]),
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
                throw new OAuthExchangeException(refusal is null ? "the provider's answer has no access_token" : $"the provider refused the code ({refusal})");
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

/// <summary>The code could not be exchanged; the message is the contract's 502 detail.</summary>
public sealed class OAuthExchangeException(string detail) : Exception(detail);
