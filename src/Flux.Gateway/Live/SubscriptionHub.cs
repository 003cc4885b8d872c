using System.Collections.Immutable;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flux.Gateway.Live;

/// <summary>
/// The gateway's one subscription registry, with two doors: <c>/api/ws</c> and the SignalR hub <c>/api/hub</c>. It
/// reads the <see cref="ChangeStream"/> (in log order, after commit); one loop takes whatever changes are queued (a
/// commit's worth, under load), turns them into one <see cref="LiveRound"/> of messages, and hands each subscriber
/// its share in one piece. It never waits on a connection, and each connection wakes once per round rather than once
/// per message. A change that cannot be turned into messages is logged and skipped: the loop must outlive it, or
/// every connection would go silent.
/// </summary>
public sealed partial class SubscriptionHub(ChangeStream changes, ILogger<SubscriptionHub> logger) : BackgroundService
{
    private const int MaxMessagesPerRound = 1024;

    private readonly LiveRound _round = new();
    private ImmutableArray<Subscriber> _subscribers = [];
    private int _webSockets;
    private int _hubConnections;

    /// <summary>Open <c>/api/ws</c> connections: what <c>websocket.connections</c> counts (docs/api.md §11).</summary>
    public int ConnectionCount => Volatile.Read(ref _webSockets);

    /// <summary>Open <c>/api/hub</c> connections.</summary>
    public int HubConnectionCount => Volatile.Read(ref _hubConnections);

    public bool HasSubscribers => !_subscribers.IsEmpty;

    /// <summary>Sends a message to every subscriber, whatever it watches (metrics).</summary>
    public void Broadcast(string hubMethod, byte[] message)
    {
        var round = LiveRound.Of(hubMethod, message);
        foreach (var subscriber in _subscribers)
            subscriber.Deliver(round);
    }

    public void Add(Subscriber subscriber)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        Interlocked.Increment(ref subscriber is LiveConnection ? ref _webSockets : ref _hubConnections);
    }

    public void Remove(Subscriber subscriber)
    {
        if (ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber)))
            Interlocked.Decrement(ref subscriber is LiveConnection ? ref _webSockets : ref _hubConnections);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var reader = changes.Reader;
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var subscribers = _subscribers;
                while (_round.Count < MaxMessagesPerRound && reader.TryRead(out var change))
                {
                    try
                    {
                        AddMessages(change, subscribers);
                    }
                    catch (Exception exception)
                    {
                        LogChangeSkipped(logger, exception, change.EntityId);
                    }
                }
                if (_round.Count > 0)
                    Deliver(subscribers);
                _round.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Deliver(ImmutableArray<Subscriber> subscribers)
    {
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber.Deliver(_round);
            }
            catch (Exception exception)
            {
                LogDeliveryFailed(logger, exception); // one broken connection must not silence the others
            }
        }
    }

    private void AddMessages(EntityChange change, ImmutableArray<Subscriber> subscribers)
    {
        switch (change)
        {
            case PropertiesChanged changed when AnyWatches(subscribers, changed.EntityId):
                foreach (var property in PropertyBag.Changes(changed.Properties))
                    _round.Add(changed.EntityId, LiveHub.StateUpdate,
                        LiveMessages.StateUpdate(changed.EntityId, property.Property.Name, property.Value, changed.Timestamp));
                break;
            case EntityDeleted deleted when !subscribers.IsEmpty:
                _round.Add(null, LiveHub.EntityDeleted, LiveMessages.EntityDeleted(deleted.EntityId, deleted.Timestamp));
                break;
        }
    }

    private static bool AnyWatches(ImmutableArray<Subscriber> subscribers, string entityId)
    {
        foreach (var subscriber in subscribers)
            if (subscriber.Watches(entityId))
                return true;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "a round of changes could not be handed to one subscriber")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "a change of entity {EntityId} could not be sent to subscribers and was skipped")]
    private static partial void LogChangeSkipped(ILogger logger, Exception exception, string entityId);
}
