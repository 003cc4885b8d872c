namespace Flux.Nats;

/// <summary>The connection is closed (disposed, drained or out of reconnect attempts).</summary>
public sealed class NatsConnectionClosedException(string message, Exception? inner = null)
    : NatsException(message, inner);
