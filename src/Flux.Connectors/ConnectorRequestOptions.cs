namespace Flux.Connectors;

/// <summary>How a poller treats one HTTP request to the service: its time limit and the waits before its retries.</summary>
public sealed class ConnectorRequestOptions
{
    /// <summary>
    /// The waits before each retry of a request that failed on the network, timed out or was answered 5xx; one
    /// attempt more than there are waits, then <see cref="ConnectorUnavailableException"/>. Rate limits are never retried.
    /// </summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } =
        [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>How long one attempt may take, headers and body together.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fails fast on values that would make a poller wait forever or never retry sensibly.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(RetryDelays, nameof(RetryDelays));
        if (RetryDelays.Any(d => d < TimeSpan.Zero))
            throw new ArgumentException("retry delays cannot be negative", nameof(RetryDelays));
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException("the request timeout must be positive", nameof(RequestTimeout));
    }
}
