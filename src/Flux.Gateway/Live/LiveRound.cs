using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Flux.Gateway.Live;

/// <summary>
/// The messages of one round of the fan-out, in log order, each serialized once however many subscribers get it: as
/// WebSocket text frames for <c>/api/ws</c>, as a SignalR invocation for <c>/api/hub</c>. Subscribers that watch
/// everything share one copy of the round; the others get a copy of their own share. Used by one thread at a time.
/// </summary>
public sealed class LiveRound
{
    private readonly List<Message> _messages = [];
    private readonly ArrayBufferWriter<byte> _frames = new(16 * 1024);
    private OutboundFrames? _allFrames;
    private SerializedHubMessage[]? _allHubMessages;

    /// <summary>One message; <see cref="EntityId"/> null when it goes to every subscriber (docs/api.md §10.2).</summary>
    private sealed record Message(string? EntityId, string HubMethod, byte[] Payload)
    {
        private SerializedHubMessage? _hubMessage;

        // The contract's JSON object is the invocation's one argument, so both doors carry the same fields.
        public SerializedHubMessage HubMessage =>
            _hubMessage ??= new(new InvocationMessage(HubMethod, [JsonSerializer.Deserialize<JsonElement>(Payload)]));
    }

    public int Count => _messages.Count;

    public static LiveRound Of(string hubMethod, byte[] payload)
    {
        var round = new LiveRound();
        round.Add(null, hubMethod, payload);
        return round;
    }

    public void Add(string? entityId, string hubMethod, byte[] payload) => _messages.Add(new Message(entityId, hubMethod, payload));

    public void Clear()
    {
        _messages.Clear();
        _allFrames = null;
        _allHubMessages = null;
    }

    /// <summary>The subscriber's messages as WebSocket text frames in one buffer; null if none.</summary>
    public OutboundFrames? FramesFor(Subscriber subscriber)
    {
        if (!subscriber.WatchesEverything)
            return Frame(subscriber);
        return _allFrames ??= Frame(null);
    }

    /// <summary>The subscriber's messages as SignalR invocations; empty if none.</summary>
    public IReadOnlyList<SerializedHubMessage> HubMessagesFor(Subscriber subscriber)
    {
        if (subscriber.WatchesEverything)
            return _allHubMessages ??= [.. _messages.Select(m => m.HubMessage)];
        var own = new List<SerializedHubMessage>();
        foreach (var message in _messages)
            if (message.EntityId is null || subscriber.Watches(message.EntityId))
                own.Add(message.HubMessage);
        return own;
    }

    private OutboundFrames? Frame(Subscriber? only)
    {
        _frames.ResetWrittenCount();
        var count = 0;
        foreach (var message in _messages)
        {
            if (only is not null && message.EntityId is not null && !only.Watches(message.EntityId))
                continue;
            TextFrames.Write(_frames, message.Payload);
            count++;
        }
        return count == 0 ? null : new OutboundFrames(_frames.WrittenSpan.ToArray(), count);
    }
}
