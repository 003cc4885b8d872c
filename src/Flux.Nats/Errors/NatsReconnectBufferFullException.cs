namespace Flux.Nats;

/// <summary>Disconnected, and the bounded buffer of pending commands is full; the command was not queued.</summary>
public sealed class NatsReconnectBufferFullException(int bound)
    : NatsException($"disconnected and {bound} bytes of commands already buffered")
{
    public int Bound { get; } = bound;
}
