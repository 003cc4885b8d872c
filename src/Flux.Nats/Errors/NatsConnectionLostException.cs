namespace Flux.Nats;

/// <summary>The connection dropped while this operation waited; it may or may not have reached the server.</summary>
public sealed class NatsConnectionLostException(string message, Exception? inner = null)
    : NatsException(message, inner);
