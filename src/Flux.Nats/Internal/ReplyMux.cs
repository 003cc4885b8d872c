using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;

namespace Flux.Nats.Internal;

/// <summary>
/// The one inbox subscription (<c>_INBOX.&lt;nuid&gt;.*</c>) that carries every reply of a connection.
/// Each request gets a sequential numeric token as the last subject token; the reply is matched by
/// parsing that token back, without building a string. Waiters live in a ring indexed by token, so
/// the common case (fewer outstanding requests than slots) costs one compare-and-swap each way; a
/// token whose slot is still taken by an older request goes to an overflow dictionary. Whoever swaps
/// a waiter out completes it, exactly once. A 503 status fails the waiter at once with no-responders;
/// deadlines are checked by a periodic sweep, so a request costs no timer of its own.
/// </summary>
internal sealed class ReplyMux : NatsSubBase
{
    private const int Slots = 4096; // power of two
    private readonly ReplyWaiter?[] _ring = new ReplyWaiter?[Slots];
    private readonly ConcurrentDictionary<long, ReplyWaiter> _overflow = new();
    private long _nextToken;
    private int _pending;

    public ReplyMux(string prefix) : base(prefix + "*", null)
    {
        Prefix = prefix;
        PrefixBytes = Encoding.ASCII.GetBytes(prefix);
    }

    public string Prefix { get; }
    public byte[] PrefixBytes { get; }
    public int PendingCount => Volatile.Read(ref _pending);
    internal override long? RemainingMsgs => null;

    public long Register(ReplyWaiter waiter)
    {
        var token = Interlocked.Increment(ref _nextToken);
        waiter.Token = token;
        Interlocked.Increment(ref _pending);
        if (Interlocked.CompareExchange(ref _ring[token & (Slots - 1)], waiter, null) is not null) _overflow[token] = waiter;
        return token;
    }

    public bool TryCancel(long token, Exception error)
    {
        if (!TryTake(token, out var waiter)) return false;
        waiter.OnFailure(error);
        return true;
    }

    internal override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (!subject.StartsWith(PrefixBytes)) return;
        var tail = subject[PrefixBytes.Length..];
        if (!Utf8Parser.TryParse(tail, out long token, out var used) || used != tail.Length) return;
        if (!TryTake(token, out var waiter)) return; // late reply after a timeout

        if (!headers.IsEmpty && StatusLine.Code(headers) == 503)
            waiter.OnFailure(new NatsNoRespondersException(waiter.RequestSubject));
        else
            waiter.OnReply(headers, payload);
    }

    public void Sweep(long now)
    {
        if (PendingCount == 0) return;
        for (var i = 0; i < Slots; i++)
        {
            var w = Volatile.Read(ref _ring[i]);
            if (w is not null && w.Deadline <= now && TryTake(w.Token, out var expired)) Expire(expired);
        }
        foreach (var (token, w) in _overflow)
        {
            if (w.Deadline <= now && TryTake(token, out var expired)) Expire(expired);
        }
    }

    public void FailAll(Exception error)
    {
        for (var i = 0; i < Slots; i++)
        {
            if (Volatile.Read(ref _ring[i]) is { } w && TryTake(w.Token, out var taken)) taken.OnFailure(error);
        }
        foreach (var token in _overflow.Keys)
        {
            if (TryTake(token, out var taken)) taken.OnFailure(error);
        }
    }

    internal override void Complete(Exception? error) => FailAll(error ?? new NatsConnectionClosedException("connection closed"));

    private bool TryTake(long token, out ReplyWaiter waiter)
    {
        ref var slot = ref _ring[token & (Slots - 1)];
        var w = Volatile.Read(ref slot);
        if (w is not null && w.Token == token && Interlocked.CompareExchange(ref slot, null, w) == w)
        {
            waiter = w;
            Interlocked.Decrement(ref _pending);
            return true;
        }
        if (_overflow.TryRemove(token, out waiter!))
        {
            Interlocked.Decrement(ref _pending);
            return true;
        }
        return false;
    }

    private static void Expire(ReplyWaiter waiter) => waiter.OnFailure(new NatsTimeoutException(waiter.RequestSubject, waiter.Timeout));
}
