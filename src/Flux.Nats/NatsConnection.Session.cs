using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json;
using Flux.Nats.Internal;

namespace Flux.Nats;

public sealed partial class NatsConnection : IServerOpHandler
{
    /// <summary>TCP connect, INFO, CONNECT+PING, wait for PONG, then re-send every subscription.</summary>
    private async Task<Session> EstablishAsync(CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(Opts.ConnectTimeout, Opts.TimeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream? stream = null;
        try
        {
            try
            {
                await socket.ConnectAsync(_address.Host, _address.Port, timeout.Token).ConfigureAwait(false);
                stream = new NetworkStream(socket, ownsSocket: true);
                var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 8 * 1024, leaveOpen: true));

                var op = await ReadHandshakeOpAsync(input, timeout.Token).ConfigureAwait(false);
                if (op.Kind != "INFO") throw new NatsProtocolException($"expected INFO from {_address}, got {op.Kind}");
                _info = JsonSerializer.Deserialize(op.Info, CoreJsonContext.Default.ServerInfo)
                        ?? throw new NatsProtocolException("empty INFO");
                if (_info.TlsRequired) throw new NatsException($"{_address} requires TLS, which this client does not speak");

                await stream.WriteAsync(BuildConnect(), timeout.Token).ConfigureAwait(false);
                while (true)
                {
                    op = await ReadHandshakeOpAsync(input, timeout.Token).ConfigureAwait(false);
                    if (op.Kind == "PONG") break;
                    if (op.Kind == "-ERR") throw new NatsServerErrorException(op.Error);
                    if (op.Kind == "PING") await stream.WriteAsync(Commands.Pong.ToArray(), timeout.Token).ConfigureAwait(false);
                }

                await stream.WriteAsync(BuildResubscribe(), timeout.Token).ConfigureAwait(false);
                _lastServerError = null;
                return new Session(socket, stream, input, _outbound.Reader);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new NatsException($"connecting to {_address} timed out after {Opts.ConnectTimeout.TotalMilliseconds:0} ms");
            }
            catch (SocketException ex)
            {
                throw new NatsException($"cannot connect to {_address}: {ex.Message}", ex);
            }
            catch (IOException ex)
            {
                throw new NatsConnectionLostException($"connection to {_address} dropped during handshake: {ex.Message}", ex);
            }
        }
        catch
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            throw;
        }
    }

    private async Task<HandshakeOp> ReadHandshakeOpAsync(PipeReader input, CancellationToken ct)
    {
        var op = new HandshakeOp();
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var parsed = false;
            try
            {
                parsed = ProtocolParser.TryParse(ref buffer, op);
            }
            finally
            {
                // After a whole operation, whatever follows it is still unexamined and readable at once.
                if (parsed) input.AdvanceTo(buffer.Start);
                else input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (parsed) return op;
            if (result.IsCompleted) throw new NatsConnectionLostException($"{_address} closed the connection during the handshake");
        }
    }

    private byte[] BuildConnect()
    {
        var connect = new ConnectCommand
        {
            Name = Opts.Name,
            Echo = Opts.Echo,
            AuthToken = Opts.AuthToken ?? _address.Token,
            User = Opts.Username ?? _address.User,
            Pass = Opts.Password ?? _address.Password,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(connect, CoreJsonContext.Default.ConnectCommand);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 32);
        buffer.Write("CONNECT "u8);
        buffer.Write(json);
        buffer.Write("\r\nPING\r\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private byte[] BuildResubscribe()
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var sub in _subs.Values.OrderBy(s => s.Sid))
        {
            Commands.WriteSub(buffer, sub.Subject, sub.QueueGroup, sub.Sid);
            if (sub.RemainingMsgs is { } remaining) Commands.WriteUnsub(buffer, sub.Sid, remaining);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private void StartSession(Session session)
    {
        _session = session;
        session.ReadLoop = Task.Run(() => ReadLoopAsync(session));
        session.SendLoop = Task.Run(() => SendLoopAsync(session));
        session.PingTimer = Opts.TimeProvider.CreateTimer(static s =>
        {
            var (conn, sess) = ((NatsConnection, Session))s!;
            conn.OnPingTimer(sess);
        }, (this, session), Opts.PingInterval, Opts.PingInterval);
    }

    private async Task ReadLoopAsync(Session session)
    {
        var input = session.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (ProtocolParser.TryParse(ref buffer, this)) { }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted)
                {
                    session.Fail(new NatsConnectionLostException($"{_address} closed the connection{LastErrorSuffix()}"));
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            session.Fail(ex is NatsException ? ex : new NatsConnectionLostException($"reading from {_address} failed: {ex.Message}", ex));
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task SendLoopAsync(Session session)
    {
        var output = _outbound.Reader;
        var stream = session.Stream;
        try
        {
            while (!session.IsFailed)
            {
                var result = await output.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (result.IsCanceled || session.IsFailed)
                {
                    output.AdvanceTo(buffer.Start); // leave it for the next session
                    continue;
                }
                try
                {
                    foreach (var segment in buffer) await stream.WriteAsync(segment).ConfigureAwait(false);
                }
                finally
                {
                    // Whole commands only ever reach the pipe, so dropping what a dead socket swallowed keeps it aligned.
                    output.AdvanceTo(buffer.End);
                    Interlocked.Add(ref _bytesSent, buffer.Length);
                }
            }
        }
        catch (Exception ex)
        {
            session.Fail(new NatsConnectionLostException($"writing to {_address} failed: {ex.Message}", ex));
        }
    }

    private void OnPingTimer(Session session)
    {
        if (session.IsFailed) return;
        if (session.IncrementPingsOut() > Opts.MaxPingOut)
        {
            session.Fail(new NatsConnectionLostException($"stale connection: {Opts.MaxPingOut} PINGs to {_address} unanswered"));
            return;
        }
        SendControl(ping: true);
    }

    private string LastErrorSuffix() => _lastServerError is { } e ? $" (last error: {e})" : "";

    void IServerOpHandler.OnMsg(ReadOnlySpan<byte> subject, long sid, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (_subs.TryGetValue(sid, out var sub)) sub.Deliver(subject, replyTo, headers, payload);
    }

    void IServerOpHandler.OnInfo(ReadOnlySpan<byte> json)
    {
        var info = JsonSerializer.Deserialize(json, CoreJsonContext.Default.ServerInfo);
        if (info is not null) _info = info;
    }

    void IServerOpHandler.OnPing() => SendControl(ping: false);

    void IServerOpHandler.OnPong()
    {
        _session?.ResetPingsOut();
        if (_pongWaiters.TryDequeue(out var waiter)) waiter?.TrySetResult(true);
    }

    void IServerOpHandler.OnOk() { }

    void IServerOpHandler.OnError(string message)
    {
        // The server closes the socket after fatal errors; the read loop then reports it with this text.
        // Others (permissions) leave the connection open; both are reported as they arrive.
        _lastServerError = message;
        Raise(ServerError, new NatsConnectionEventArgs($"server error: {message}", new NatsServerErrorException(message)));
    }
}
