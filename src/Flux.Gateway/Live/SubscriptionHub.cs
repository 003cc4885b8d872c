using System.Buffers;
using System.Collections.Immutable;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flux.Gateway.Live;

/// <summary>
/// The gateway's subscription registry: which connection watches what, and the fan-out of entity
/// changes to them. It reads the <see cref="ChangeStream"/> (in log order, after commit); one loop
/// takes whatever changes are queued (a commit's worth, under load), turns them into framed
/// messages (serialized and framed once), and hands each interested connection the round's frames in
/// one piece: connections watching everything share one buffer. It never waits on a socket, and each
/// connection wakes once per round rather than once per message. A change that cannot be turned into
/// messages is logged and skipped: the loop must outlive it, or every connection would go silent.
/// </summary>
public sealed partial class SubscriptionHub(ChangeStream changes, ILogger<SubscriptionHub> logger) : BackgroundService
{
    private const int MaxMessagesPerRound = 1024;

    private readonly List<Message> _round = [];
    private readonly ArrayBufferWriter<byte> _frames = new(16 * 1024);
    private ImmutableArray<LiveConnection> _connections = [];

    /// <summary>A message of a round; <see cref="EntityId"/> null when it goes to every connection (docs/api.md §10.2).</summary>
    private readonly record struct Message(string? EntityId, byte[] Payload);

    public int ConnectionCount => _connections.Length;

    /// <summary>Sends a message to every connection, whatever it watches (metrics).</summary>
    public void Broadcast(byte[] message)
    {
        var frames = OutboundFrames.Of(message);
        foreach (var connection in _connections)
            connection.Enqueue(frames);
    }

    public void Add(LiveConnection connection) => ImmutableInterlocked.Update(ref _connections, list => list.Add(connection));

    public void Remove(LiveConnection connection) => ImmutableInterlocked.Update(ref _connections, list => list.Remove(connection));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var reader = changes.Reader;
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var connections = _connections;
                while (_round.Count < MaxMessagesPerRound && reader.TryRead(out var change))
                {
                    try
                    {
                        AddMessages(change, connections);
                    }
                    catch (Exception exception)
                    {
                        LogChangeSkipped(logger, exception, change.EntityId);
                    }
                }
                Deliver(connections);
                _round.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void AddMessages(EntityChange change, ImmutableArray<LiveConnection> connections)
    {
        switch (change)
        {
            case PropertiesChanged changed when AnyWatches(connections, changed.EntityId):
                foreach (var property in PropertyBag.Changes(changed.Properties))
                    _round.Add(new Message(changed.EntityId,
                        LiveMessages.StateUpdate(changed.EntityId, property.Property.Name, property.Value, changed.Timestamp)));
                break;
            case EntityDeleted deleted when !connections.IsEmpty:
                _round.Add(new Message(null, LiveMessages.EntityDeleted(deleted.EntityId, deleted.Timestamp)));
                break;
        }
    }

    private void Deliver(ImmutableArray<LiveConnection> connections)
    {
        if (_round.Count == 0)
            return;
        OutboundFrames? everything = null;
        foreach (var connection in connections)
        {
            if (connection.WatchesEverything)
            {
                if ((everything ??= Frame(static (_, _) => true, connection)) is { } all)
                    connection.Enqueue(all);
            }
            else if (Frame(static (message, watcher) => message.EntityId is null || watcher.Watches(message.EntityId), connection) is { } own)
            {
                connection.Enqueue(own);
            }
        }
    }

    /// <summary>The round's messages that <paramref name="include"/> picks, framed into one buffer; null if none.</summary>
    private OutboundFrames? Frame(Func<Message, LiveConnection, bool> include, LiveConnection connection)
    {
        _frames.ResetWrittenCount();
        var count = 0;
        foreach (var message in _round)
        {
            if (!include(message, connection))
                continue;
            TextFrames.Write(_frames, message.Payload);
            count++;
        }
        return count == 0 ? null : new OutboundFrames(_frames.WrittenSpan.ToArray(), count);
    }

    private static bool AnyWatches(ImmutableArray<LiveConnection> connections, string entityId)
    {
        foreach (var connection in connections)
            if (connection.Watches(entityId))
                return true;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "a change of entity {EntityId} could not be sent to subscribers and was skipped")]
    private static partial void LogChangeSkipped(ILogger logger, Exception exception, string entityId);
}
