namespace Flux.Nats.JetStream;

/// <summary>One pull: up to <see cref="MaxMsgs"/> messages, waiting at most <see cref="Expires"/>, or only what is there with <see cref="NoWait"/>.</summary>
public sealed record NatsJSFetchOpts
{
    public int MaxMsgs { get; init; } = 100;
    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(5);
    public bool NoWait { get; init; }
    /// <summary>Ask the server for status-100 heartbeats while the pull waits (skipped by the client).</summary>
    public TimeSpan IdleHeartbeat { get; init; }
}
