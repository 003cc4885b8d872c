using Flux.Connectors;

namespace Flux.Gateway.Connectors;

/// <summary>A connector the API knows (docs/api.md §6.10): how often it polls and its provider's OAuth endpoints and scopes.</summary>
public sealed record KnownConnector(string Name, int PollIntervalSeconds, string AuthorizeUrl, string TokenUrl, IReadOnlyList<string> Scopes)
{
    /// <summary>The settings of its OAuth app start with this: FLUX_OAUTH_GITHUB_CLIENT_ID and so on.</summary>
    public string SettingPrefix => $"FLUX_OAUTH_{Name.ToUpperInvariant()}";
}

/// <summary>The fixed list of connectors, in the contract's order; the one place their intervals, endpoints and scopes live.</summary>
public static class KnownConnectors
{
    private const string GoogleAuthorize = "https://accounts.google.com/o/oauth2/v2/auth";
    private const string GoogleToken = "https://oauth2.googleapis.com/token";

    public static readonly IReadOnlyList<KnownConnector> All =
    [
        new("github", ConnectorOptions.DefaultGitHubPollSeconds, "https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token", ["repo", "read:user"]),
        new("gmail", 60, GoogleAuthorize, GoogleToken, ["https://www.googleapis.com/auth/gmail.readonly"]),
        new("linkedin", 600, "https://www.linkedin.com/oauth/v2/authorization", "https://www.linkedin.com/oauth/v2/accessToken",
            ["r_liteprofile", "r_emailaddress"]),
        new("calendar", 300, GoogleAuthorize, GoogleToken, ["https://www.googleapis.com/auth/calendar.readonly"]),
    ];

    /// <summary>The connector named exactly <paramref name="name"/>, or null.</summary>
    public static KnownConnector? Find(string name) => All.FirstOrDefault(connector => connector.Name == name);
}
