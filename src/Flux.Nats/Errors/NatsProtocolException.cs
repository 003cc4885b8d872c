namespace Flux.Nats;

/// <summary>The peer sent bytes that are not the NATS protocol; the connection is unusable.</summary>
public sealed class NatsProtocolException(string message) : NatsException(message);
