namespace Flux.Nats;

/// <summary>Headers plus payload exceed the server's <c>max_payload</c>; nothing was sent.</summary>
public sealed class NatsPayloadTooLargeException(long size, long maxPayload)
    : NatsException($"message of {size} bytes exceeds max_payload {maxPayload}")
{
    public long Size { get; } = size;
    public long MaxPayload { get; } = maxPayload;
}
