namespace Flux.Nats;

/// <summary>Connection options; immutable, change with <c>with</c>. Defaults follow the NATS clients.</summary>
public sealed record NatsOpts
{
    public static readonly NatsOpts Default = new();

    /// <summary>Server URL, e.g. <c>nats://127.0.0.1:4222</c>; user:pass@ or token@ in the URL are honoured.</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";
    public string Name { get; init; } = "flux";
    public string? AuthToken { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public bool Echo { get; init; } = true;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep-alive period; a connection with <see cref="MaxPingOut"/> PINGs unanswered is stale.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromMinutes(2);
    public int MaxPingOut { get; init; } = 2;

    public TimeSpan ReconnectWaitMin { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan ReconnectWaitMax { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Attempts after a lost connection before giving up; negative means forever.</summary>
    public int MaxReconnectRetry { get; init; } = -1;
    /// <summary>Bytes of commands buffered while disconnected; beyond it publishing fails fast.</summary>
    public int ReconnectBufferSize { get; init; } = 2 * 1024 * 1024;

    /// <summary>Bytes queued for the socket before writers wait (back-pressure).</summary>
    public int WriterBufferSize { get; init; } = 4 * 1024 * 1024;
    /// <summary>Messages queued per subscription before new ones are dropped and counted.</summary>
    public int SubPendingCapacity { get; init; } = 64 * 1024;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxPingOut < 1) throw new ArgumentOutOfRangeException(nameof(MaxPingOut));
        if (PingInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PingInterval));
        if (ReconnectWaitMin <= TimeSpan.Zero || ReconnectWaitMax < ReconnectWaitMin)
            throw new ArgumentOutOfRangeException(nameof(ReconnectWaitMax), "need 0 < ReconnectWaitMin <= ReconnectWaitMax");
        if (SubPendingCapacity < 1) throw new ArgumentOutOfRangeException(nameof(SubPendingCapacity));
        if (WriterBufferSize < 64 * 1024) throw new ArgumentOutOfRangeException(nameof(WriterBufferSize), "at least 64 KiB");
        // Above the writer buffer, disconnected publishers would wait on back-pressure instead of failing fast.
        if (ReconnectBufferSize < 0 || ReconnectBufferSize > WriterBufferSize)
            throw new ArgumentOutOfRangeException(nameof(ReconnectBufferSize), "must be between 0 and WriterBufferSize");
    }
}
