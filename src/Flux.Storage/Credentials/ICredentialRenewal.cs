namespace Flux.Storage;

/// <summary>
/// Renews an OAuth access token that is about to expire with its refresh token (docs/connectors.md). The gateway's
/// OAuth apps know how (<c>OAuthTokenEndpoint</c>); a silo's poller asks before it polls.
/// </summary>
public interface ICredentialRenewal
{
    /// <summary>The renewed credentials, to store in place of <paramref name="credentials"/>.</summary>
    /// <exception cref="CredentialRenewalException">No OAuth app is configured, or the provider did not renew them.</exception>
    Task<ConnectorCredentials> RenewAsync(string connector, ConnectorCredentials credentials, CancellationToken cancellationToken);
}

/// <summary>Credentials could not be renewed; the message says why, without any token.</summary>
public sealed class CredentialRenewalException(string message) : Exception(message);
