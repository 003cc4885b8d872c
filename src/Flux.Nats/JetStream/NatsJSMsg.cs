namespace Flux.Nats.JetStream;

/// <summary>A message delivered by a consumer, with its stream position and the means to acknowledge it.</summary>
public sealed record NatsJSMsg(NatsMsg Msg, NatsJSMsgMetadata Metadata)
{
    public string Subject => Msg.Subject;
    public ReadOnlyMemory<byte> Data => Msg.Data;
    public NatsHeaders? Headers => Msg.Headers;

    private static readonly ReadOnlyMemory<byte> Ack = "+ACK"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Nak = "-NAK"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Term = "+TERM"u8.ToArray();

    public ValueTask AckAsync(CancellationToken ct = default) => Msg.ReplyAsync(Ack, ct: ct);
    public ValueTask NakAsync(CancellationToken ct = default) => Msg.ReplyAsync(Nak, ct: ct);
    public ValueTask AckTerminateAsync(CancellationToken ct = default) => Msg.ReplyAsync(Term, ct: ct);

    /// <summary>Acks and waits for the server to confirm it recorded the ack.</summary>
    public async ValueTask AckSyncAsync(CancellationToken ct = default)
    {
        if (Msg.ReplyTo is null || Msg.Connection is null) throw new InvalidOperationException("message cannot be acknowledged");
        await Msg.Connection.RequestAsync(Msg.ReplyTo, Ack, ct: ct).ConfigureAwait(false);
    }
}
