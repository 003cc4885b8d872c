using System.Collections.Concurrent;
using System.IO.Pipelines;
using Flux.Nats.Internal;

namespace Flux.Nats;

/// <summary>
/// A NATS connection: one TCP socket at a time, with subscriptions and pending replies that outlive it.
///
/// Writing: every command is formatted under a short async lock straight into an outbound
/// <see cref="Pipe"/>; a single send loop drains whatever has accumulated into the socket, so commands
/// written while a send is in progress go out together (coalescing). The pipe's pause threshold is the
/// back-pressure: when the socket cannot keep up, writers wait in FlushAsync.
///
/// Reading: a read loop parses operations in place from a PipeReader over the socket and routes MSGs
/// by sid to subscriptions; only the payload (and the headers, when present) are copied out.
///
/// Losing the socket: the session fails once (read/write error, stale PINGs, protocol garbage), the
/// lifecycle loop reports Disconnected, fails pending requests (they may or may not have reached the
/// server: JetStream callers retry with a Nats-Msg-Id), and reconnects with jittered exponential
/// backoff. Commands written meanwhile stay in the pipe up to <see cref="NatsOpts.ReconnectBufferSize"/>;
/// after the handshake every subscription is re-sent before the buffered commands drain, so replies to
/// buffered requests find their inbox.
/// </summary>
public sealed partial class NatsConnection : INatsConnection
{
    private readonly ServerAddress _address;
    private readonly Pipe _outbound;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, NatsSubBase> _subs = new();
    private readonly ReplyMux _mux;
    private readonly ConcurrentQueue<TaskCompletionSource<bool>?> _pongWaiters = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly ITimer _sweepTimer;
    private long _nextSid;
    private long _bytesQueued;
    private long _bytesSent;
    private volatile NatsConnectionState _state = NatsConnectionState.Closed;
    private volatile ServerInfo? _info;
    private volatile Session? _session;
    private Task _lifecycle = Task.CompletedTask;
    private bool _started;
    private volatile bool _closing;
    private volatile string? _lastServerError;

    public NatsConnection() : this(NatsOpts.Default) { }

    public NatsConnection(NatsOpts opts)
    {
        opts.Validate();
        Opts = opts;
        _address = ServerAddress.Parse(opts.Url);
        _outbound = new Pipe(new PipeOptions(
            pauseWriterThreshold: opts.WriterBufferSize,
            resumeWriterThreshold: opts.WriterBufferSize / 2,
            minimumSegmentSize: 16 * 1024,
            useSynchronizationContext: false));
        _mux = new ReplyMux($"_INBOX.{Nuid.Next()}.") { Sid = Interlocked.Increment(ref _nextSid) };
        _subs[_mux.Sid] = _mux;
        var sweep = TimeSpan.FromMilliseconds(Math.Clamp(opts.RequestTimeout.TotalMilliseconds / 10, 10, 100));
        _sweepTimer = opts.TimeProvider.CreateTimer(static s => ((NatsConnection)s!).Sweep(), this, sweep, sweep);
    }

    public NatsOpts Opts { get; }
    public ServerInfo? ServerInfo => _info;
    public NatsConnectionState ConnectionState => _state;

    public event EventHandler<NatsConnectionEventArgs>? Connected;
    public event EventHandler<NatsConnectionEventArgs>? Disconnected;
    public event EventHandler<NatsConnectionEventArgs>? Reconnected;
    /// <summary>The server sent <c>-ERR</c>; raised on the read loop, so handlers must be quick.</summary>
    public event EventHandler<NatsConnectionEventArgs>? ServerError;
    /// <summary>A subscription started dropping messages because its reader is too slow.</summary>
    public event EventHandler<NatsSub>? SlowConsumer;

    internal ReplyMux Mux => _mux;
    internal int SubscriptionCount => _subs.Count;
    internal long MaxPayload => _info?.MaxPayload ?? 1024 * 1024;

    public string NewInbox() => "_INBOX." + Nuid.Next();

    public async ValueTask ConnectAsync(CancellationToken ct = default)
    {
        if (_state == NatsConnectionState.Open) return;
        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                if (_closing) throw new NatsConnectionClosedException("connection is closed");
                return; // open, or reconnecting by itself
            }
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            _state = NatsConnectionState.Connecting;
            Session session;
            try
            {
                session = await EstablishAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                _state = NatsConnectionState.Closed;
                throw;
            }
            StartSession(session);
            _started = true;
            _state = NatsConnectionState.Open;
            Raise(Connected, new NatsConnectionEventArgs($"connected to {_address}"));
            _lifecycle = Task.Run(() => RunLifecycleAsync(session));
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Waits for the current session to end, then reconnects, until closed or out of attempts.</summary>
    private async Task RunLifecycleAsync(Session session)
    {
        while (true)
        {
            var reason = await session.CompletionAsync().ConfigureAwait(false);
            _session = null;
            if (_closing) return;

            _state = NatsConnectionState.Reconnecting;
            FailInFlight(new NatsConnectionLostException($"connection to {_address} lost: {reason.Message}", reason));
            Raise(Disconnected, new NatsConnectionEventArgs($"disconnected from {_address}: {reason.Message}", reason));

            var (next, lastError) = await ReconnectAsync(reason).ConfigureAwait(false);
            if (next is null || _closing)
            {
                next?.Fail(new NatsConnectionClosedException("connection closed while reconnecting"));
                if (!_closing) Close(new NatsConnectionClosedException($"gave up reconnecting to {_address}: {lastError.Message}", lastError));
                return;
            }
            session = next;
            StartSession(session);
            _state = NatsConnectionState.Open;
            Raise(Reconnected, new NatsConnectionEventArgs($"reconnected to {_address}"));
        }
    }

    private async Task<(Session? Session, Exception LastError)> ReconnectAsync(Exception reason)
    {
        for (var attempt = 0; Opts.MaxReconnectRetry < 0 || attempt < Opts.MaxReconnectRetry; attempt++)
        {
            var delay = Backoff.Delay(Opts.ReconnectWaitMin, Opts.ReconnectWaitMax, attempt, Random.Shared.NextDouble());
            try
            {
                await Task.Delay(delay, Opts.TimeProvider, _disposed.Token).ConfigureAwait(false);
                return (await EstablishAsync(_disposed.Token).ConfigureAwait(false), reason);
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return (null, reason);
            }
            catch (Exception ex)
            {
                reason = ex;
            }
        }
        return (null, reason);
    }

    private void FailInFlight(Exception error)
    {
        _mux.FailAll(error);
        while (_pongWaiters.TryDequeue(out var waiter)) waiter?.TrySetException(error);
    }

    private void Close(Exception error)
    {
        _closing = true;
        _state = NatsConnectionState.Closed;
        _session?.Fail(error);
        FailInFlight(error);
        foreach (var sub in _subs.Values) sub.Complete(sub is ReplyMux ? error : null);
        _subs.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested) return;
        Close(new NatsConnectionClosedException("connection disposed"));
        _disposed.Cancel();
        await _sweepTimer.DisposeAsync().ConfigureAwait(false);
        try { await _lifecycle.ConfigureAwait(false); } catch (Exception) { /* reported through events */ }
        _disposed.Dispose();
    }

    public async ValueTask DrainAsync(CancellationToken ct = default)
    {
        if (_state != NatsConnectionState.Open)
        {
            await DisposeAsync().ConfigureAwait(false);
            return;
        }
        foreach (var sub in _subs.Values.OfType<NatsSub>().ToList())
            await WriteCommandAsync(static (w, s) => Commands.WriteUnsub(w, s.Sid, null), sub, ct).ConfigureAwait(false);
        // Once the PONG is back the server has processed the UNSUBs: no message can follow it.
        await PingAsync(ct).ConfigureAwait(false);
        foreach (var sub in _subs.Values.OfType<NatsSub>().ToList())
        {
            _subs.TryRemove(sub.Sid, out _);
            sub.Complete(null);
        }
        var deadline = Opts.TimeProvider.GetTimestamp();
        while (_mux.PendingCount > 0 && Opts.TimeProvider.GetElapsedTime(deadline) < Opts.RequestTimeout)
            await Task.Delay(TimeSpan.FromMilliseconds(5), Opts.TimeProvider, ct).ConfigureAwait(false);
        await PingAsync(ct).ConfigureAwait(false); // everything we wrote has reached the server
        await DisposeAsync().ConfigureAwait(false);
    }

    private void Sweep() => _mux.Sweep(Opts.TimeProvider.GetTimestamp());

    internal void ReportSlowConsumer(NatsSub sub) => Raise(SlowConsumer, sub);

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null) return;
        try { handler(this, args); }
        catch (Exception) { /* a faulty handler must not break the connection */ }
    }

    private void ThrowIfClosed()
    {
        if (_closing) throw new NatsConnectionClosedException("connection is closed");
    }
}
