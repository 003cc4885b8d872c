using Flux.Nats.Internal;

namespace Flux.Nats;

public sealed partial class NatsConnection
{
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null, string? replyTo = null, CancellationToken ct = default)
    {
        Commands.ValidateToken(subject, "subject");
        if (replyTo is not null) Commands.ValidateToken(replyTo, "reply subject");
        return PublishCoreAsync(subject, new ReplySubject(replyTo), headers, data, ct);
    }

    /// <summary>Checks max_payload before anything is written, then queues PUB/HPUB.</summary>
    internal ValueTask PublishCoreAsync(string subject, in ReplySubject reply, NatsHeaders? headers, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var headerLength = headers?.SerializedLength() ?? 0;
        var size = (long)headerLength + data.Length;
        if (size > MaxPayload) throw new NatsPayloadTooLargeException(size, MaxPayload);
        return WriteCommandAsync(PubCommand.Write, new PubCommand(subject, reply, headers, headerLength, data), ct, size);
    }

    public async ValueTask<TimeSpan> PingAsync(CancellationToken ct = default)
    {
        var started = Opts.TimeProvider.GetTimestamp();
        var pong = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteCommandAsync(static (w, s) =>
        {
            s.conn._pongWaiters.Enqueue(s.pong); // under the write lock: queue order is PING order
            return Commands.WriteRaw(w, Commands.Ping);
        }, (conn: this, pong), ct).ConfigureAwait(false);
        try
        {
            await pong.Task.WaitAsync(Opts.RequestTimeout, Opts.TimeProvider, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new NatsTimeoutException("PING", Opts.RequestTimeout);
        }
        return Opts.TimeProvider.GetElapsedTime(started);
    }

    /// <summary>
    /// PONG replies and keep-alive PINGs are sent from the read loop and the timer, which must not wait:
    /// the write completes in the background and a failure is left to the session to report.
    /// </summary>
    private void SendControl(bool ping)
    {
        ValueTask write;
        try
        {
            write = ping
                ? WriteCommandAsync(static (w, c) =>
                {
                    c._pongWaiters.Enqueue(null); // under the write lock: queue order is PING order
                    return Commands.WriteRaw(w, Commands.Ping);
                }, this, CancellationToken.None)
                : WriteCommandAsync(static (w, _) => Commands.WriteRaw(w, Commands.Pong), this, CancellationToken.None);
        }
        catch (NatsException)
        {
            return;
        }
        if (!write.IsCompletedSuccessfully)
            _ = write.AsTask().ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>
    /// Formats a command into the outbound pipe under the write lock. The uncontended, unblocked case
    /// completes synchronously; waiting happens only for the lock or for back-pressure.
    /// </summary>
    private ValueTask WriteCommandAsync<TState>(CommandWriter<TState> write, TState state, CancellationToken ct, long size = 0)
    {
        if (!_started) return ConnectThenWriteAsync(write, state, ct, size);
        ThrowIfClosed();
        if (!_writeLock.Wait(0)) return WriteContendedAsync(write, state, ct, size);
        ValueTask<System.IO.Pipelines.FlushResult> flush;
        try
        {
            flush = WriteLocked(write, state, size, ct);
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
        if (flush.IsCompletedSuccessfully)
        {
            _writeLock.Release();
            return default;
        }
        return AwaitFlushAsync(flush);
    }

    private ValueTask<System.IO.Pipelines.FlushResult> WriteLocked<TState>(CommandWriter<TState> write, TState state, long size, CancellationToken ct)
    {
        ThrowIfClosed();
        if (_state != NatsConnectionState.Open &&
            Interlocked.Read(ref _bytesQueued) - Interlocked.Read(ref _bytesSent) + size > Opts.ReconnectBufferSize)
            throw new NatsReconnectBufferFullException(Opts.ReconnectBufferSize);
        var written = write(_outbound.Writer, state);
        Interlocked.Add(ref _bytesQueued, written);
        return _outbound.Writer.FlushAsync(ct);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<System.IO.Pipelines.FlushResult> flush)
    {
        try { await flush.ConfigureAwait(false); }
        finally { _writeLock.Release(); }
    }

    private async ValueTask WriteContendedAsync<TState>(CommandWriter<TState> write, TState state, CancellationToken ct, long size)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try { await WriteLocked(write, state, size, ct).ConfigureAwait(false); }
        finally { _writeLock.Release(); }
    }

    private async ValueTask ConnectThenWriteAsync<TState>(CommandWriter<TState> write, TState state, CancellationToken ct, long size)
    {
        await ConnectAsync(ct).ConfigureAwait(false);
        await WriteCommandAsync(write, state, ct, size).ConfigureAwait(false);
    }
}
