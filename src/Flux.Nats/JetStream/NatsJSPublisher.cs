using Flux.Nats.Internal;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>
/// Pipelined JetStream publishing: publishes go out without waiting for their acks, up to a bounded
/// window of un-acked messages. When the window is full the publisher waits until it has drained to
/// half (not for a single slot), so a saturated publisher sends in bursts instead of waking per ack.
/// Each publish returns a task for its own ack; <see cref="FlushAsync"/> waits for all of them and
/// reports failures that nobody awaited individually.
/// </summary>
public sealed class NatsJSPublisher : IAsyncDisposable
{
    private readonly NatsJSContext _js;
    private readonly int _max;
    private readonly int _lowWater;
    private readonly Lock _gate = new();
    private TaskCompletionSource? _space;
    private TaskCompletionSource? _drained;
    private int _inFlight;
    private long _failed;
    private Exception? _firstError;

    internal NatsJSPublisher(NatsJSContext js, int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _js = js;
        _max = maxInFlight;
        _lowWater = maxInFlight / 2;
    }

    public int InFlight => Volatile.Read(ref _inFlight);
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Sends one publish once the window has room; the returned task completes with its ack.</summary>
    public ValueTask<Task<PubAckResponse>> PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers = null,
        NatsJSPubOpts? opts = null, CancellationToken ct = default)
    {
        Commands.ValidateToken(subject, "subject");
        if (Volatile.Read(ref _inFlight) >= _max) return PublishAfterWaitAsync(subject, data, headers, opts, ct);
        return SendAsync(subject, data, headers, opts, ct);
    }

    private async ValueTask<Task<PubAckResponse>> PublishAfterWaitAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers,
        NatsJSPubOpts? opts, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_inFlight < _max) break;
                _space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _space.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
        return await SendAsync(subject, data, headers, opts, ct).ConfigureAwait(false);
    }

    private ValueTask<Task<PubAckResponse>> SendAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers, NatsJSPubOpts? opts, CancellationToken ct)
    {
        var core = _js.Core;
        var waiter = new PubAckWaiter(this) { RequestSubject = subject };
        Interlocked.Increment(ref _inFlight);
        var token = core.Register(waiter, _js.Timeout);
        ValueTask sent;
        try
        {
            sent = core.PublishCoreAsync(subject, new ReplySubject(core.Mux.PrefixBytes, token), opts?.Apply(headers) ?? headers, data, ct);
        }
        catch (Exception ex)
        {
            core.Mux.TryCancel(token, ex);
            throw;
        }
        if (sent.IsCompletedSuccessfully) return new ValueTask<Task<PubAckResponse>>(waiter.Task);
        return AwaitSentAsync(sent, waiter, token);
    }

    private async ValueTask<Task<PubAckResponse>> AwaitSentAsync(ValueTask sent, PubAckWaiter waiter, long token)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _js.Core.Mux.TryCancel(token, ex);
            throw;
        }
        return waiter.Task;
    }

    internal void OnAcked(Exception? error)
    {
        if (error is not null && Interlocked.Increment(ref _failed) == 1) Interlocked.CompareExchange(ref _firstError, error, null);
        var left = Interlocked.Decrement(ref _inFlight);
        if (left > _lowWater) return;
        lock (_gate)
        {
            if (_space is not null) { _space.TrySetResult(); _space = null; }
            if (left == 0 && _drained is not null) { _drained.TrySetResult(); _drained = null; }
        }
    }

    /// <summary>Waits until every publish so far is acked; throws if any of them failed since the last flush.</summary>
    public async ValueTask FlushAsync(CancellationToken ct = default)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_inFlight == 0) break;
                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _drained.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
        var failed = Interlocked.Exchange(ref _failed, 0);
        var first = Interlocked.Exchange(ref _firstError, null);
        if (failed > 0) throw new NatsException($"{failed} pipelined publish(es) failed; first: {first?.Message}", first);
    }

    public async ValueTask DisposeAsync()
    {
        try { await FlushAsync().ConfigureAwait(false); }
        catch (NatsException) { /* failures were visible on the individual ack tasks */ }
    }
}
