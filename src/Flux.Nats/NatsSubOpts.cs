namespace Flux.Nats;

/// <summary>Per-subscription options.</summary>
public sealed record NatsSubOpts
{
    /// <summary>Auto-unsubscribe after this many messages (sent to the server as <c>UNSUB sid max</c>).</summary>
    public long? MaxMsgs { get; init; }
    /// <summary>Overrides <see cref="NatsOpts.SubPendingCapacity"/> for this subscription.</summary>
    public int? PendingCapacity { get; init; }
}
