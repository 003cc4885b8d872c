using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Flux.Gateway.Live;

/// <summary>
/// One <c>/api/hub</c> connection: the SignalR door to the same registry and rules as <c>/api/ws</c>. Its outbound
/// queue is bounded in messages and drained by its own loop, so a slow reader only ever fills its own queue; when
/// the queue overflows the connection is told why (a SignalR close message with the contract's error text, reconnect
/// allowed, since a client reloads state and goes on) and dropped. A write still stuck after a grace is cut off too.
/// </summary>
public sealed class HubSubscriber : Subscriber
{
    public const string TooSlow = "subscriber too slow; disconnecting";
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly HubConnectionContext _connection;
    private readonly int _queueLimit;
    private readonly Channel<IReadOnlyList<SerializedHubMessage>> _outbound =
        Channel.CreateUnbounded<IReadOnlyList<SerializedHubMessage>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _writes;
    private readonly Task _sending;
    private int _queuedMessages;
    private int _overflowed;

    public HubSubscriber(HubConnectionContext connection, int queueLimit, TimeProvider time)
    {
        _connection = connection;
        _queueLimit = queueLimit;
        _writes = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionAborted);
        _sending = SendLoopAsync(time);
    }

    public override void Deliver(LiveRound round)
    {
        var messages = round.HubMessagesFor(this);
        if (messages.Count == 0)
            return;
        if (Interlocked.Add(ref _queuedMessages, messages.Count) <= _queueLimit)
            _outbound.Writer.TryWrite(messages);
        else if (Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            _outbound.Writer.TryComplete();
            _writes.CancelAfter(CloseGrace); // a reader that never reads must not keep the close waiting
        }
    }

    /// <summary>
    /// Ends the send loop once the connection is gone. The fan-out may still hold this subscriber for a round, so
    /// nothing here is disposed: a late <see cref="Deliver"/> must find everything usable.
    /// </summary>
    public async Task StopAsync()
    {
        _outbound.Writer.TryComplete();
        await _writes.CancelAsync();
        await _sending;
    }

    private async Task SendLoopAsync(TimeProvider time)
    {
        await Task.Yield(); // the constructor returns at once; the loop runs beside the connection
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_writes.Token) && Volatile.Read(ref _overflowed) == 0)
            {
                while (Volatile.Read(ref _overflowed) == 0 && reader.TryRead(out var messages))
                {
                    Interlocked.Add(ref _queuedMessages, -messages.Count);
                    foreach (var message in messages)
                        await _connection.WriteAsync(message, _writes.Token);
                }
            }
            if (Volatile.Read(ref _overflowed) == 1)
            {
                using var grace = new CancellationTokenSource(CloseGrace, time);
                await _connection.WriteAsync(new CloseMessage(TooSlow, allowReconnect: true), grace.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (Volatile.Read(ref _overflowed) == 1)
                _connection.Abort();
        }
    }
}
