namespace Flux.Connectors;

/// <summary>An outside service Flux can poll for one owner's data (docs/connectors.md).</summary>
public interface IConnector
{
    /// <summary>The connector's name in the API and in entity ids: <c>github</c>.</summary>
    string Name { get; }

    /// <summary>A poller for one owner; it keeps conditional-request state between its polls.</summary>
    IConnectorPoller CreatePoller(string accessToken);
}

/// <summary>Polls the service for one owner. Not safe for concurrent polls: one poll at a time.</summary>
public interface IConnectorPoller
{
    /// <summary>
    /// One poll: the entities whose data came fresh (an unchanged page answered 304 contributes none). Ids are
    /// relative to the owner (<c>github/repo/acme/api</c>); properties are a flat JSON object whose values are
    /// strings, numbers, booleans or null.
    /// </summary>
    /// <exception cref="ConnectorUnauthorizedException">The service refused the credentials.</exception>
    /// <exception cref="ConnectorRateLimitedException">A rate limit was reached; poll again at its RetryAt.</exception>
    /// <exception cref="ConnectorUnavailableException">Network failures, timeouts or 5xx outlasted the retries.</exception>
    Task<ConnectorPoll> PollAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What one poll saw: the fresh entities, the HTTP requests it sent (retries and 304s included) and how many of them
/// were answered 304. <see cref="Skipped"/> names what the service would not give (an answer such as 403 or 404 to
/// one list, or a next link leaving the API's origin) while the rest of the poll went on.
/// </summary>
public sealed record ConnectorPoll(IReadOnlyList<ObservedEntity> Entities, int Requests, int NotModified)
{
    public IReadOnlyList<string> Skipped { get; init; } = [];
}

/// <summary>One entity as the service showed it: its id and its properties, a flat JSON object in UTF-8.</summary>
public sealed record ObservedEntity(string Id, byte[] Properties);
