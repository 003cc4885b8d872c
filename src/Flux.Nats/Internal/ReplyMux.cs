using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;

namespace Flux.Nats.Internal;

/// <summary>
/// The one inbox subscription (<c>_INBOX.&lt;nuid&gt;.*</c>) that carries every reply of a connection.
/// Each request gets a numeric token as the last subject token; the reply is matched by parsing that
/// token back, without building a string. A 503 status fails the waiter at once with no-responders.
/// Deadlines are checked by a periodic sweep, so a request costs no timer of its own.
/// </summary>
internal sealed class ReplyMux : NatsSubBase
{
    private readonly ConcurrentDictionary<long, ReplyWaiter> _pending = new();
    private long _nextToken;

    public ReplyMux(string prefix) : base(prefix + "*", null)
    {
        Prefix = prefix;
        PrefixBytes = Encoding.ASCII.GetBytes(prefix);
    }

    public string Prefix { get; }
    public byte[] PrefixBytes { get; }
    public int PendingCount => _pending.Count;
    internal override long? RemainingMsgs => null;

    public long Register(ReplyWaiter waiter)
    {
        var token = Interlocked.Increment(ref _nextToken);
        _pending[token] = waiter;
        return token;
    }

    public bool TryCancel(long token, Exception error)
    {
        if (!_pending.TryRemove(token, out var waiter)) return false;
        waiter.OnFailure(error);
        return true;
    }

    internal override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (!subject.StartsWith(PrefixBytes)) return;
        var tail = subject[PrefixBytes.Length..];
        if (!Utf8Parser.TryParse(tail, out long token, out var used) || used != tail.Length) return;
        if (!_pending.TryRemove(token, out var waiter)) return; // late reply after a timeout

        if (!headers.IsEmpty && StatusLine.Code(headers) == 503)
            waiter.OnFailure(new NatsNoRespondersException(waiter.RequestSubject));
        else
            waiter.OnReply(headers, payload);
    }

    public void Sweep(long now)
    {
        if (_pending.IsEmpty) return;
        foreach (var (token, waiter) in _pending)
        {
            if (waiter.Deadline <= now && _pending.TryRemove(token, out _))
                waiter.OnFailure(new NatsTimeoutException(waiter.RequestSubject, waiter.Timeout));
        }
    }

    public void FailAll(Exception error)
    {
        foreach (var token in _pending.Keys)
        {
            if (_pending.TryRemove(token, out var waiter)) waiter.OnFailure(error);
        }
    }

    internal override void Complete(Exception? error) => FailAll(error ?? new NatsConnectionClosedException("connection closed"));
}
