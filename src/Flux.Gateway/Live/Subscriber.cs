using System.Collections.Immutable;

namespace Flux.Gateway.Live;

/// <summary>
/// One live connection in the gateway's one subscription registry (<see cref="SubscriptionHub"/>), whichever door it
/// came through: <c>/api/ws</c> (<see cref="LiveConnection"/>) or the SignalR hub <c>/api/hub</c> (<see cref="HubSubscriber"/>).
/// Both follow the same rules: the same filters, the same order, the same bounded queue for a slow reader.
/// </summary>
public abstract class Subscriber
{
    private SubscriptionSet _subscriptions = SubscriptionSet.Empty;

    public bool Watches(string entityId) => Volatile.Read(ref _subscriptions).Watches(entityId);

    public bool WatchesEverything => Volatile.Read(ref _subscriptions).WatchesEverything;

    public void Subscribe(SubscriptionFilter filter) => ImmutableInterlocked.Update(ref _subscriptions, set => set.With(filter));

    public void Unsubscribe(SubscriptionFilter filter) => ImmutableInterlocked.Update(ref _subscriptions, set => set.Without(filter));

    /// <summary>Queues this subscriber's share of a round of messages; never blocks.</summary>
    public abstract void Deliver(LiveRound round);
}
