namespace Flux.Nats.JetStream;

/// <summary>A message delivered by a consumer, with its stream position and the means to acknowledge it.</summary>
public sealed record NatsJSMsg(NatsMsg Msg, NatsJSMsgMetadata Metadata)
{
    public string Subject => Msg.Subject;
    public ReadOnlyMemory<byte> Data => Msg.Data;
    public NatsHeaders? Headers => Msg.Headers;

    public ValueTask AckAsync(CancellationToken ct = default) => Send("+ACK"u8.ToArray(), ct);
    public ValueTask NakAsync(CancellationToken ct = default) => Send("-NAK"u8.ToArray(), ct);
    public ValueTask AckTerminateAsync(CancellationToken ct = default) => Send("+TERM"u8.ToArray(), ct);

    /// <summary>Acks and waits for the server to confirm it recorded the ack.</summary>
    public async ValueTask AckSyncAsync(CancellationToken ct = default)
    {
        if (Msg.ReplyTo is null || Msg.Connection is null) throw new InvalidOperationException("message cannot be acknowledged");
        await Msg.Connection.RequestAsync(Msg.ReplyTo, "+ACK"u8.ToArray(), ct: ct).ConfigureAwait(false);
    }

    private ValueTask Send(byte[] body, CancellationToken ct) => Msg.ReplyAsync(body, ct: ct);
}
