namespace Flux.Nats.JetStream;

/// <summary>Publish expectations, sent as JetStream headers.</summary>
public sealed record NatsJSPubOpts
{
    /// <summary><c>Nats-Msg-Id</c>: a repeat within the stream's duplicate window is not stored again (ack says duplicate).</summary>
    public string? MsgId { get; init; }
    /// <summary><c>Nats-Expected-Last-Subject-Sequence</c>: store only if the subject's last message has this sequence (0: subject is new).</summary>
    public ulong? ExpectedLastSubjectSequence { get; init; }
    /// <summary><c>Nats-Expected-Last-Sequence</c>: store only if the stream's last message has this sequence.</summary>
    public ulong? ExpectedLastSequence { get; init; }
    public string? ExpectedStream { get; init; }
    public string? ExpectedLastMsgId { get; init; }

    internal NatsHeaders? Apply(NatsHeaders? headers)
    {
        if (MsgId is null && ExpectedLastSubjectSequence is null && ExpectedLastSequence is null && ExpectedStream is null && ExpectedLastMsgId is null)
            return headers;
        var h = new NatsHeaders();
        if (headers is not null) foreach (var (k, v) in headers) h.Add(k, v);
        if (MsgId is not null) h["Nats-Msg-Id"] = MsgId;
        if (ExpectedLastSubjectSequence is { } s) h["Nats-Expected-Last-Subject-Sequence"] = s.ToString();
        if (ExpectedLastSequence is { } l) h["Nats-Expected-Last-Sequence"] = l.ToString();
        if (ExpectedStream is not null) h["Nats-Expected-Stream"] = ExpectedStream;
        if (ExpectedLastMsgId is not null) h["Nats-Expected-Last-Msg-Id"] = ExpectedLastMsgId;
        return h;
    }
}
