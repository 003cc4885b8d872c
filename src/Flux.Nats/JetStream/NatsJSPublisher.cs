using Flux.Nats.Internal;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>
/// Pipelined JetStream publishing: publishes go out without waiting for their acks, up to a bounded
/// window of un-acked messages. When the window is full the publisher waits until it has drained to
/// half (not for a single slot), so a saturated publisher sends in bursts instead of waking per ack.
/// <see cref="PublishAsync"/> only counts acks (the cheap path for bulk appends);
/// <see cref="PublishWithAckAsync"/> also returns a task for the ack itself. <see cref="FlushAsync"/>
/// waits for every outstanding ack and reports failures that nobody awaited individually.
/// </summary>
public sealed class NatsJSPublisher : IAsyncDisposable
{
    // Stands in for the ack task on the counting path; never awaited for a value.
    private static readonly Task<PubAckResponse> NotRequested = Task.FromResult(new PubAckResponse());
    private readonly NatsJSContext _js;
    private readonly int _max;
    private readonly int _lowWater;
    private readonly Lock _gate = new();
    private TaskCompletionSource? _space;
    private TaskCompletionSource? _drained;
    private int _inFlight;
    private long _failed;
    private long _acked;
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

    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>Sends one publish once the window has room. Its ack is counted; a failed ack surfaces in <see cref="FlushAsync"/>.</summary>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers = null,
        NatsJSPubOpts? opts = null, CancellationToken ct = default)
    {
        Commands.ValidateToken(subject, "subject");
        if (!TryReserve()) return new ValueTask(PublishAfterWaitAsync(subject, data, headers, opts, false, ct).AsTask());
        var sent = SendAsync(subject, data, headers, opts, false, ct);
        if (sent.IsCompletedSuccessfully) return default;
        return new ValueTask(sent.AsTask());
    }

    /// <summary>Sends one publish once the window has room; the returned task completes with its ack.</summary>
    public ValueTask<Task<PubAckResponse>> PublishWithAckAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers = null,
        NatsJSPubOpts? opts = null, CancellationToken ct = default)
    {
        Commands.ValidateToken(subject, "subject");
        if (!TryReserve()) return PublishAfterWaitAsync(subject, data, headers, opts, true, ct);
        return SendAsync(subject, data, headers, opts, true, ct);
    }

    private async ValueTask<Task<PubAckResponse>> PublishAfterWaitAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers,
        NatsJSPubOpts? opts, bool wantAck, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (TryReserve()) break;
                _space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _space.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
        return await SendAsync(subject, data, headers, opts, wantAck, ct).ConfigureAwait(false);
    }

    private ValueTask<Task<PubAckResponse>> SendAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers, NatsJSPubOpts? opts,
        bool wantAck, CancellationToken ct)
    {
        var core = _js.Core;
        var waiter = new PubAckWaiter(this, wantAck) { RequestSubject = subject };
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
        if (sent.IsCompletedSuccessfully) return new ValueTask<Task<PubAckResponse>>(wantAck ? waiter.Task : NotRequested);
        return AwaitSentAsync(sent, waiter, token, wantAck);
    }

    private async ValueTask<Task<PubAckResponse>> AwaitSentAsync(ValueTask sent, PubAckWaiter waiter, long token, bool wantAck)
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
        return wantAck ? waiter.Task : NotRequested;
    }

    /// <summary>Takes a window slot if one is free; concurrent publishers never exceed the window together.</summary>
    private bool TryReserve()
    {
        var current = Volatile.Read(ref _inFlight);
        while (current < _max)
        {
            var seen = Interlocked.CompareExchange(ref _inFlight, current + 1, current);
            if (seen == current) return true;
            current = seen;
        }
        return false;
    }

    internal void OnAcked(Exception? error)
    {
        if (error is null) Interlocked.Increment(ref _acked);
        else if (Interlocked.Increment(ref _failed) == 1) Interlocked.CompareExchange(ref _firstError, error, null);
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
