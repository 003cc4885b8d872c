using System.Collections.Immutable;
using System.Threading.Channels;
using Flux.Grains.Interfaces;
using Microsoft.Extensions.Hosting;

namespace Flux.Gateway.Live;

/// <summary>
/// The gateway's subscription registry: which connection watches what, and the fan-out of entity
/// changes to them. Grains publish from the log's commit hook, so <see cref="Publish"/> only queues;
/// one loop turns each change into messages (serialized once) and hands them to every interested
/// connection's bounded queue, in the order the changes came — never waiting on a socket.
/// </summary>
public sealed class SubscriptionHub : BackgroundService, IChangeFeed
{
    private readonly Channel<EntityChange> _changes = Channel.CreateUnbounded<EntityChange>(new UnboundedChannelOptions { SingleReader = true });
    private ImmutableArray<LiveConnection> _connections = [];

    public int ConnectionCount => _connections.Length;

    public void Publish(EntityChange change)
    {
        if (ConnectionCount > 0)
            _changes.Writer.TryWrite(change);
    }

    /// <summary>Sends a message to every connection, whatever it watches (metrics).</summary>
    public void Broadcast(byte[] message)
    {
        foreach (var connection in _connections)
            connection.Enqueue(message);
    }

    public void Add(LiveConnection connection) => ImmutableInterlocked.Update(ref _connections, list => list.Add(connection));

    public void Remove(LiveConnection connection) => ImmutableInterlocked.Update(ref _connections, list => list.Remove(connection));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
                Deliver(change, _connections);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static void Deliver(EntityChange change, ImmutableArray<LiveConnection> connections)
    {
        if (connections.IsEmpty)
            return;
        switch (change)
        {
            case PropertiesChanged changed:
                foreach (var property in PropertyBag.Changes(changed.Properties))
                {
                    byte[]? message = null;
                    foreach (var connection in connections)
                    {
                        if (!connection.Watches(changed.EntityId))
                            continue;
                        message ??= LiveMessages.StateUpdate(changed.EntityId, property.Property.Name, property.Value, changed.Timestamp);
                        connection.Enqueue(message);
                    }
                }
                break;
            case EntityDeleted deleted:
                var deletedMessage = LiveMessages.EntityDeleted(deleted.EntityId, deleted.Timestamp);
                foreach (var connection in connections)
                    connection.Enqueue(deletedMessage);
                break;
        }
    }
}
