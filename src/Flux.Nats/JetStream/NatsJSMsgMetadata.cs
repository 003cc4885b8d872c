namespace Flux.Nats.JetStream;

/// <summary>
/// Delivery facts encoded in a consumer message's reply subject:
/// <c>$JS.ACK.&lt;stream&gt;.&lt;consumer&gt;.&lt;delivered&gt;.&lt;sseq&gt;.&lt;cseq&gt;.&lt;ns&gt;.&lt;pending&gt;</c>
/// (or the 12-token form with domain and account hash).
/// </summary>
public sealed record NatsJSMsgMetadata(string Stream, string Consumer, ulong NumDelivered, ulong StreamSequence, ulong ConsumerSequence, DateTimeOffset Timestamp, ulong NumPending)
{
    public static NatsJSMsgMetadata? Parse(string? replyTo)
    {
        if (replyTo is null || !replyTo.StartsWith("$JS.ACK.", StringComparison.Ordinal)) return null;
        var t = replyTo.Split('.');
        var offset = t.Length switch { 9 => 2, >= 11 => 4, _ => -1 };
        if (offset < 0) return null;
        try
        {
            return new NatsJSMsgMetadata(
                t[offset], t[offset + 1],
                ulong.Parse(t[offset + 2]), ulong.Parse(t[offset + 3]), ulong.Parse(t[offset + 4]),
                DateTimeOffset.UnixEpoch.AddTicks(long.Parse(t[offset + 5]) / 100),
                ulong.Parse(t[offset + 6]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
