using Flux.Configuration;
using Flux.Connectors.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Connectors;

/// <summary>Where and how often connectors poll (docs/connectors.md).</summary>
public sealed class ConnectorOptions
{
    /// <summary>The GitHub REST API the GitHub connector polls; a GitHub Enterprise server's API, or a test's fake.</summary>
    [ConfigurationKeyName("FLUX_CONNECTOR_GITHUB_API_URL")]
    public string GitHubApiUrl { get; set; } = GitHubConnector.DefaultApiBaseUrl.ToString();

    /// <summary>The contract's poll interval of the GitHub connector (§6.10).</summary>
    public const int DefaultGitHubPollSeconds = 300;

    /// <summary>How often the GitHub connector polls.</summary>
    [ConfigurationKeyName("FLUX_CONNECTOR_GITHUB_POLL_SECONDS")]
    public double GitHubPollSeconds { get; set; } = DefaultGitHubPollSeconds;

    /// <summary>
    /// The period of the reminder that brings a poller back on another silo after a failover: at most this long
    /// without polls after the silo holding a poller dies.
    /// </summary>
    [ConfigurationKeyName("FLUX_CONNECTOR_RECOVERY_SECONDS")]
    public double RecoverySeconds { get; set; } = 60;

    /// <summary>How often <paramref name="connector"/> polls; null for a connector that does not poll yet.</summary>
    public double? PollSeconds(string connector) => connector switch
    {
        "github" => GitHubPollSeconds,
        _ => null,
    };

    public TimeSpan PollInterval(string connector) => TimeSpan.FromSeconds(PollSeconds(connector)
        ?? throw new ArgumentOutOfRangeException(nameof(connector), connector, "no connector polls under this name"));

    public TimeSpan RecoveryPeriod => TimeSpan.FromSeconds(RecoverySeconds);
}

public sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options) => new ValidateOptionsResultBuilder()
        .HttpUrl("FLUX_CONNECTOR_GITHUB_API_URL", options.GitHubApiUrl)
        .Seconds("FLUX_CONNECTOR_GITHUB_POLL_SECONDS", options.GitHubPollSeconds)
        .Seconds("FLUX_CONNECTOR_RECOVERY_SECONDS", options.RecoverySeconds)
        .Build();
}
