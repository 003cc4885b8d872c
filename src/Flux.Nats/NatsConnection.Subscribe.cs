using System.Runtime.CompilerServices;
using Flux.Nats.Internal;

namespace Flux.Nats;

public sealed partial class NatsConnection
{
    public async ValueTask<NatsSub> SubscribeCoreAsync(string subject, string? queueGroup = null, NatsSubOpts? opts = null, CancellationToken ct = default)
    {
        Commands.ValidateToken(subject, "subject");
        if (queueGroup is not null) Commands.ValidateToken(queueGroup, "queue group");
        if (opts?.MaxMsgs is <= 0) throw new ArgumentOutOfRangeException(nameof(opts), "MaxMsgs must be positive");
        var sub = new NatsSub(this, subject, queueGroup, opts, Opts.SubPendingCapacity) { Sid = Interlocked.Increment(ref _nextSid) };
        _subs[sub.Sid] = sub;
        try
        {
            // A SUB repeated by a resubscribe after reconnect is harmless: the server keeps one per sid.
            await WriteCommandAsync(static (w, s) =>
            {
                var n = Commands.WriteSub(w, s.Subject, s.QueueGroup, s.Sid);
                if (s.RemainingMsgs is { } max) n += Commands.WriteUnsub(w, s.Sid, max);
                return n;
            }, sub, ct).ConfigureAwait(false);
        }
        catch
        {
            _subs.TryRemove(sub.Sid, out _);
            throw;
        }
        return sub;
    }

    public async IAsyncEnumerable<NatsMsg> SubscribeAsync(string subject, string? queueGroup = null, NatsSubOpts? opts = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var sub = await SubscribeCoreAsync(subject, queueGroup, opts, ct).ConfigureAwait(false);
        await foreach (var msg in sub.ReadAllAsync(ct).ConfigureAwait(false)) yield return msg;
    }

    internal async ValueTask UnsubscribeAsync(NatsSub sub)
    {
        if (!_subs.TryRemove(sub.Sid, out _)) return;
        sub.Complete(null);
        if (_state != NatsConnectionState.Open) return; // the resubscribe will simply not include it
        try
        {
            await WriteCommandAsync(static (w, s) => Commands.WriteUnsub(w, s, null), sub.Sid, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NatsException) { /* closed: nothing left to unsubscribe from */ }
    }

    /// <summary>The server dropped the SUB by itself (auto-unsubscribe reached).</summary>
    internal void RemoveSubscription(NatsSub sub)
    {
        if (_subs.TryRemove(sub.Sid, out _)) sub.Complete(null);
    }
}
