using System.Threading.Channels;
using Flux.Gateway.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Flux.Gateway.Live;

/// <summary>
/// One <c>/api/hub</c> connection: the SignalR door to the same registry and rules as <c>/api/ws</c>. Its outbound
/// queue is bounded in messages and drained by its own loop, so a slow reader only ever fills its own queue. The
/// connection is closed with a reason (a SignalR close message, reconnect allowed, since a client reloads state and
/// goes on) when the queue overflows, and when the server shuts down, which SignalR would otherwise wait out for its
/// whole shutdown timeout. A write still stuck after a grace is cut off.
/// </summary>
public sealed class HubSubscriber : Subscriber
{
    public const string TooSlowReason = "subscriber too slow; disconnecting";
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly HubConnectionContext _connection;
    private readonly int _queueLimit;
    private readonly Channel<IReadOnlyList<SerializedHubMessage>> _outbound =
        Channel.CreateUnbounded<IReadOnlyList<SerializedHubMessage>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _writes;
    private readonly CancellationTokenRegistration _stopping;
    private readonly Task _sending;
    private int _queuedMessages;
    private string? _closeReason;

    public HubSubscriber(HubConnectionContext connection, int queueLimit, CancellationToken serverStopping, TimeProvider time)
    {
        _connection = connection;
        _queueLimit = queueLimit;
        _writes = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionAborted);
        _stopping = serverStopping.Register(() => Close(Readiness.ShuttingDown));
        _sending = SendLoopAsync(time);
    }

    /// <summary>Whether the connection was closed because its queue overflowed.</summary>
    public bool TooSlow => Volatile.Read(ref _closeReason) == TooSlowReason;

    public override void Deliver(LiveRound round)
    {
        var messages = round.HubMessagesFor(this);
        if (messages.Count == 0)
            return;
        if (Interlocked.Add(ref _queuedMessages, messages.Count) <= _queueLimit)
            _outbound.Writer.TryWrite(messages);
        else
            Close(TooSlowReason);
    }

    /// <summary>
    /// Ends the send loop once the connection is gone. The fan-out may still hold this subscriber for a round, so
    /// nothing here is disposed: a late <see cref="Deliver"/> must find everything usable.
    /// </summary>
    public async Task StopAsync()
    {
        await _stopping.DisposeAsync();
        _outbound.Writer.TryComplete();
        await _writes.CancelAsync();
        await _sending;
    }

    /// <summary>Stops sending what is queued and has the loop close the connection with the first reason given.</summary>
    private void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
            return;
        _outbound.Writer.TryComplete();
        _writes.CancelAfter(CloseGrace); // a reader that never reads must not keep the close waiting
    }

    private async Task SendLoopAsync(TimeProvider time)
    {
        await Task.Yield(); // the constructor returns at once; the loop runs beside the connection
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_writes.Token) && Volatile.Read(ref _closeReason) is null)
            {
                while (Volatile.Read(ref _closeReason) is null && reader.TryRead(out var messages))
                {
                    Interlocked.Add(ref _queuedMessages, -messages.Count);
                    foreach (var message in messages)
                        await _connection.WriteAsync(message, _writes.Token);
                }
            }
            if (Volatile.Read(ref _closeReason) is { } reason)
            {
                // The client closes the connection when it reads this; cutting it off at once could lose the message.
                using var grace = new CancellationTokenSource(CloseGrace, time);
                await _connection.WriteAsync(new CloseMessage(reason, allowReconnect: true), grace.Token);
                using var closed = CancellationTokenSource.CreateLinkedTokenSource(grace.Token, _connection.ConnectionAborted);
                await Task.Delay(Timeout.InfiniteTimeSpan, time, closed.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (Volatile.Read(ref _closeReason) is not null)
                _connection.Abort();
        }
    }
}
