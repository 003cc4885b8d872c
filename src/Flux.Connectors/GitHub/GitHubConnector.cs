namespace Flux.Connectors.GitHub;

/// <summary>
/// GitHub's REST API as a connector: the owner's repositories, the open issues and pull requests assigned to them,
/// and their notifications (docs/connectors.md).
/// </summary>
public sealed class GitHubConnector : IConnector
{
    /// <summary>github.com's API; GitHub Enterprise Server serves it under <c>https://host/api/v3/</c>.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.github.com/");

    private readonly HttpClient _http;
    private readonly Uri _apiBaseUrl;
    private readonly ConnectorRequestOptions _options;
    private readonly TimeProvider _time;

    public GitHubConnector(HttpClient httpClient)
        : this(httpClient, DefaultApiBaseUrl)
    {
    }

    public GitHubConnector(HttpClient httpClient, Uri apiBaseUrl, ConnectorRequestOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        if (!apiBaseUrl.IsAbsoluteUri || (apiBaseUrl.Scheme != Uri.UriSchemeHttps && apiBaseUrl.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException($"the GitHub API URL must be an absolute http or https URL, not '{apiBaseUrl}'", nameof(apiBaseUrl));
        _options = options ?? new ConnectorRequestOptions();
        _options.Validate();
        _http = httpClient;
        // Relative paths resolve under the base only when it ends with a slash (https://host/api/v3/ + user/repos).
        _apiBaseUrl = apiBaseUrl.AbsolutePath.EndsWith('/') ? apiBaseUrl : new Uri(apiBaseUrl.AbsoluteUri + "/");
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Name => "github";

    public IConnectorPoller CreatePoller(string accessToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        return new GitHubPoller(_http, _apiBaseUrl, accessToken, _options, _time);
    }
}
