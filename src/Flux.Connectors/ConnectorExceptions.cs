namespace Flux.Connectors;

/// <summary>The service refused the credentials (401): the owner has to store new ones. The message says how.</summary>
public sealed class ConnectorUnauthorizedException : Exception
{
    public ConnectorUnauthorizedException(string message) : base(message) { }
}

/// <summary>A primary or secondary rate limit was reached: nothing more is asked of the service before <see cref="RetryAt"/>.</summary>
public sealed class ConnectorRateLimitedException : Exception
{
    public ConnectorRateLimitedException(string message, DateTimeOffset retryAt) : base(message) => RetryAt = retryAt;

    public DateTimeOffset RetryAt { get; }
}

/// <summary>The service could not be reached, timed out or answered 5xx on every attempt of one request.</summary>
public sealed class ConnectorUnavailableException : Exception
{
    public ConnectorUnavailableException(string message, Exception? innerException = null) : base(message, innerException) { }
}
