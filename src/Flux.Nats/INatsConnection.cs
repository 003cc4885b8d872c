namespace Flux.Nats;

/// <summary>The surface of a NATS connection that the rest of Flux uses.</summary>
public interface INatsConnection : IAsyncDisposable
{
    NatsOpts Opts { get; }
    ServerInfo? ServerInfo { get; }
    NatsConnectionState ConnectionState { get; }

    /// <summary>First successful connect.</summary>
    event EventHandler<NatsConnectionEventArgs>? Connected;
    /// <summary>An open connection was lost (server gone, stale, protocol error).</summary>
    event EventHandler<NatsConnectionEventArgs>? Disconnected;
    /// <summary>A lost connection was re-established and subscriptions restored.</summary>
    event EventHandler<NatsConnectionEventArgs>? Reconnected;

    ValueTask ConnectAsync(CancellationToken ct = default);

    ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null, string? replyTo = null, CancellationToken ct = default);

    /// <summary>Subscribes; read messages from the returned subscription, dispose it to unsubscribe.</summary>
    ValueTask<NatsSub> SubscribeCoreAsync(string subject, string? queueGroup = null, NatsSubOpts? opts = null, CancellationToken ct = default);

    /// <summary>Subscribes for as long as the enumeration runs.</summary>
    IAsyncEnumerable<NatsMsg> SubscribeAsync(string subject, string? queueGroup = null, NatsSubOpts? opts = null, CancellationToken ct = default);

    /// <summary>Request/reply over the connection's muxed inbox. Throws <see cref="NatsNoRespondersException"/> or <see cref="NatsTimeoutException"/>.</summary>
    ValueTask<NatsMsg> RequestAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null, TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>Round trip to the server; also proves every earlier command was processed.</summary>
    ValueTask<TimeSpan> PingAsync(CancellationToken ct = default);

    /// <summary>Unsubscribes everything, lets queued messages and replies finish, flushes, then closes.</summary>
    ValueTask DrainAsync(CancellationToken ct = default);

    string NewInbox();
}
