using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Flux.Gateway.Http;

namespace Flux.Gateway.Live;

/// <summary>
/// One <c>/api/ws</c> connection (docs/api.md §10): its subscription set, and an outbound queue bounded in
/// messages, drained by its own send loop, so a slow reader only ever fills its own queue. When the queue
/// overflows the connection is told so (best effort) and closed with 1013 (§10.7).
/// A connection is registered before its upgrade is answered, so it misses no change made after the
/// client sees itself connected; what arrives before the socket is ready waits in the queue.
/// </summary>
public sealed class LiveConnection(int queueLimit, TimeProvider time) : Subscriber
{
    private const int MaxClientMessageBytes = 64 * 1024;
    private const int MaxBytesPerWrite = 256 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly Channel<OutboundFrames> _outbound = Channel.CreateUnbounded<OutboundFrames>(new UnboundedChannelOptions { SingleReader = true });
    private int _queuedMessages;
    private int _overflowed;

    public override void Deliver(LiveRound round)
    {
        if (round.FramesFor(this) is { } frames)
            Enqueue(frames);
    }

    public bool TooSlow => Volatile.Read(ref _overflowed) == 1;

    /// <summary>Queues messages; never blocks. Going over the queue limit marks the connection too slow.</summary>
    private void Enqueue(OutboundFrames frames)
    {
        if (Interlocked.Add(ref _queuedMessages, frames.Messages) <= queueLimit)
            _outbound.Writer.TryWrite(frames);
        else if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            _outbound.Writer.TryComplete();
    }

    /// <summary>Serves the connection until either side closes it or <paramref name="stopping"/> fires.</summary>
    /// <param name="stream">The connection's stream when it can gather frames, so a burst goes out in one write.</param>
    public async Task RunAsync(WebSocket socket, CoalescingStream? stream, CancellationToken stopping)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var sending = SendLoopAsync(socket, stream, done.Token);
        var receiving = ReceiveLoopAsync(socket, done.Token);
        if (await Task.WhenAny(sending, receiving) == sending && !stopping.IsCancellationRequested)
        {
            // We closed (too slow): let the client read what is in flight and answer the close, since
            // aborting now would reset the connection and drop the close frame with the unread data.
            await Task.WhenAny(receiving, Task.Delay(CloseGrace * 2, time, stopping));
        }
        await done.CancelAsync();
        if (stopping.IsCancellationRequested && socket.State == WebSocketState.Open)
            await CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, Readiness.ShuttingDown);
        socket.Abort();
        await Task.WhenAll(sending.ContinueWith(_ => { }, TaskScheduler.Default), receiving.ContinueWith(_ => { }, TaskScheduler.Default));
    }

    private async Task SendLoopAsync(WebSocket socket, CoalescingStream? stream, CancellationToken cancellationToken)
    {
        try
        {
            while (await _outbound.Reader.WaitToReadAsync(cancellationToken) && Volatile.Read(ref _overflowed) == 0)
            {
                if (stream is null)
                {
                    await SendOneByOneAsync(socket, cancellationToken);
                    continue;
                }

                // Everything queued (a burst, such as a batch's updates) goes out as one socket write.
                stream.BeginBatch();
                try
                {
                    for (var bytes = 0; bytes < MaxBytesPerWrite && Volatile.Read(ref _overflowed) == 0 && _outbound.Reader.TryRead(out var frames);)
                    {
                        Interlocked.Add(ref _queuedMessages, -frames.Messages);
                        await stream.WriteFramesAsync(frames.Frames, cancellationToken);
                        bytes += frames.Frames.Length;
                    }
                }
                finally
                {
                    await stream.FlushBatchAsync(cancellationToken);
                }
            }
            if (Volatile.Read(ref _overflowed) == 1)
            {
                using var grace = new CancellationTokenSource(CloseGrace, time);
                await socket.SendAsync(LiveMessages.TooSlow, WebSocketMessageType.Text, true, grace.Token);
                await CloseAsync(socket, (WebSocketCloseStatus)1013, "subscriber too slow");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
        }
    }

    /// <summary>Without a stream to write frames to, each message goes through the WebSocket on its own.</summary>
    private async Task SendOneByOneAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _overflowed) == 0 && _outbound.Reader.TryRead(out var frames))
        {
            Interlocked.Add(ref _queuedMessages, -frames.Messages);
            foreach (var payload in TextFrames.Payloads(frames.Frames))
                await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxClientMessageBytes);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var length = 0;
                var oversized = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == MaxClientMessageBytes)
                    {
                        oversized = true; // keep reading to the end of the message, then ignore it
                        length = 0;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length, MaxClientMessageBytes - length), cancellationToken);
                    length += result.Count;
                } while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                        await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, null);
                    return;
                }
                if (result.MessageType == WebSocketMessageType.Text && !oversized)
                    Apply(buffer.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>docs/api.md §10.3: subscribe / unsubscribe; anything else is ignored without an answer.</summary>
    private void Apply(ReadOnlySpan<byte> message)
    {
        if (LiveRequest.Parse(message) is not var (type, filter))
            return;
        if (type == LiveRequest.Subscribe)
            Subscribe(filter);
        else
            Unsubscribe(filter);
    }

    private async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string? reason)
    {
        try
        {
            using var grace = new CancellationTokenSource(CloseGrace, time);
            await socket.CloseOutputAsync(status, reason, grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
        }
    }
}
