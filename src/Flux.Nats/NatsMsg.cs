namespace Flux.Nats;

/// <summary>A message as delivered: subject, optional reply subject and headers, and its own copy of the payload.</summary>
public readonly record struct NatsMsg(
    string Subject,
    string? ReplyTo,
    NatsHeaders? Headers,
    ReadOnlyMemory<byte> Data,
    INatsConnection? Connection = null)
{
    /// <summary>Status from the header block (503 no responders, 404, 408, 409, 100 heartbeat); 0 for a normal message.</summary>
    public int StatusCode => Headers?.Code ?? 0;

    /// <summary>Publishes a reply to <see cref="ReplyTo"/>.</summary>
    public ValueTask ReplyAsync(ReadOnlyMemory<byte> data, NatsHeaders? headers = null, CancellationToken ct = default)
    {
        if (ReplyTo is null) throw new InvalidOperationException($"message on '{Subject}' has no reply subject");
        if (Connection is null) throw new InvalidOperationException("message is not bound to a connection");
        return Connection.PublishAsync(ReplyTo, data, headers, null, ct);
    }
}
