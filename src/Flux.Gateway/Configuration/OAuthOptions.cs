using Flux.Configuration;
using Flux.Gateway.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

/// <summary>
/// The OAuth apps of the connectors (docs/api.md §6.10, §14.1): a client id and secret per connector, the public
/// address providers redirect back to, and per connector a token endpoint that replaces the provider's (for a
/// provider behind a proxy, or a test's fake provider).
/// </summary>
public sealed class OAuthOptions
{
    public const string CallbackBaseUrlVariable = "FLUX_OAUTH_CALLBACK_BASE_URL";

    [ConfigurationKeyName(CallbackBaseUrlVariable)]
    public string CallbackBaseUrl { get; set; } = "http://localhost:3000";

    [ConfigurationKeyName("FLUX_OAUTH_GITHUB_CLIENT_ID")]
    public string? GithubClientId { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_GITHUB_CLIENT_SECRET")]
    public string? GithubClientSecret { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_GITHUB_TOKEN_URL")]
    public string? GithubTokenUrl { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_GMAIL_CLIENT_ID")]
    public string? GmailClientId { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_GMAIL_CLIENT_SECRET")]
    public string? GmailClientSecret { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_GMAIL_TOKEN_URL")]
    public string? GmailTokenUrl { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_LINKEDIN_CLIENT_ID")]
    public string? LinkedinClientId { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_LINKEDIN_CLIENT_SECRET")]
    public string? LinkedinClientSecret { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_LINKEDIN_TOKEN_URL")]
    public string? LinkedinTokenUrl { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_CALENDAR_CLIENT_ID")]
    public string? CalendarClientId { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_CALENDAR_CLIENT_SECRET")]
    public string? CalendarClientSecret { get; set; }

    [ConfigurationKeyName("FLUX_OAUTH_CALENDAR_TOKEN_URL")]
    public string? CalendarTokenUrl { get; set; }

    /// <summary>The OAuth app of <paramref name="connector"/>, or null unless both its client id and secret are set.</summary>
    public OAuthApp? AppFor(KnownConnector connector)
    {
        var (id, secret, tokenUrl) = Settings(connector.Name);
        return string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret)
            ? null
            : new OAuthApp(id, secret, tokenUrl ?? connector.TokenUrl);
    }

    /// <summary>Where the provider sends the browser back after consent for <paramref name="connector"/>.</summary>
    public string RedirectUri(KnownConnector connector) => $"{CallbackBaseUrl.TrimEnd('/')}/api/connectors/{connector.Name}/oauth/callback";

    internal (string? ClientId, string? ClientSecret, string? TokenUrl) Settings(string connector) => connector switch
    {
        "github" => (GithubClientId, GithubClientSecret, GithubTokenUrl),
        "gmail" => (GmailClientId, GmailClientSecret, GmailTokenUrl),
        "linkedin" => (LinkedinClientId, LinkedinClientSecret, LinkedinTokenUrl),
        "calendar" => (CalendarClientId, CalendarClientSecret, CalendarTokenUrl),
        _ => throw new ArgumentException($"no connector '{connector}'", nameof(connector)),
    };
}

/// <summary>A connector's OAuth app: its credentials at the provider and the token endpoint codes are exchanged at.</summary>
public sealed record OAuthApp(string ClientId, string ClientSecret, string TokenUrl)
{
    public override string ToString() => $"OAuthApp {{ ClientId = {ClientId}, ClientSecret = ***, TokenUrl = {TokenUrl} }}";
}

public sealed class OAuthOptionsValidator : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions options)
    {
        var result = new ValidateOptionsResultBuilder().HttpUrl(OAuthOptions.CallbackBaseUrlVariable, options.CallbackBaseUrl);
        foreach (var connector in KnownConnectors.All)
            if (options.Settings(connector.Name).TokenUrl is { } tokenUrl)
                result.HttpUrl($"{connector.SettingPrefix}_TOKEN_URL", tokenUrl);
        return result.Build();
    }
}
