namespace Flux.Nats.Internal;

/// <summary>Everything a PUB/HPUB needs, passed by value to the writer without a closure.</summary>
internal readonly record struct PubCommand(string Subject, ReplySubject Reply, NatsHeaders? Headers, int HeaderLength, ReadOnlyMemory<byte> Payload)
{
    public static readonly CommandWriter<PubCommand> Write =
        static (w, c) => Commands.WritePub(w, c.Subject, c.Reply, c.Headers, c.HeaderLength, c.Payload.Span);
}
