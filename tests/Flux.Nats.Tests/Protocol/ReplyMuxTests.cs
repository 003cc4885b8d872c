using System.Buffers;
using System.Text;
using Flux.Nats.Internal;

namespace Flux.Nats.Tests.Protocol;

public sealed class ReplyMuxTests
{
    private sealed class Probe : ReplyWaiter
    {
        public string? Reply { get; private set; }
        public Exception? Error { get; private set; }
        public int Completions { get; private set; }

        public override void OnReply(in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
        {
            Reply = Encoding.UTF8.GetString(payload.ToArray());
            Completions++;
        }

        public override void OnFailure(Exception error)
        {
            Error = error;
            Completions++;
        }
    }

    private static void Deliver(ReplyMux mux, long token, string payload, string? headers = null) =>
        mux.Deliver(Encoding.ASCII.GetBytes(mux.Prefix + token), default,
            headers is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(headers)),
            new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)));

    [Fact]
    public void more_outstanding_requests_than_ring_slots_each_get_their_own_reply()
    {
        var mux = new ReplyMux("_INBOX.t.");
        var probes = Enumerable.Range(0, 10_000).Select(_ => new Probe { Deadline = long.MaxValue }).ToList();
        var tokens = probes.Select(mux.Register).ToList();
        Assert.Equal(10_000, mux.PendingCount);

        for (var i = probes.Count - 1; i >= 0; i--) Deliver(mux, tokens[i], "r" + i);
        Deliver(mux, tokens[0], "late duplicate");

        Assert.All(probes.Select((p, i) => (p, i)), x => Assert.Equal("r" + x.i, x.p.Reply));
        Assert.All(probes, p => Assert.Equal(1, p.Completions));
        Assert.Equal(0, mux.PendingCount);
    }

    [Fact]
    public void no_responders_status_fails_the_waiter_with_a_typed_error()
    {
        var mux = new ReplyMux("_INBOX.t.");
        var probe = new Probe { RequestSubject = "svc.x", Deadline = long.MaxValue };
        var token = mux.Register(probe);

        Deliver(mux, token, "", "NATS/1.0 503\r\n\r\n");

        Assert.Equal("svc.x", Assert.IsType<NatsNoRespondersException>(probe.Error).Subject);
    }

    [Fact]
    public void sweep_expires_only_overdue_waiters_and_fail_all_fails_the_rest()
    {
        var mux = new ReplyMux("_INBOX.t.");
        var overdue = new Probe { Deadline = 100, Timeout = TimeSpan.FromSeconds(1) };
        var fresh = new Probe { Deadline = 1_000 };
        mux.Register(overdue);
        mux.Register(fresh);

        mux.Sweep(now: 500);

        Assert.IsType<NatsTimeoutException>(overdue.Error);
        Assert.Null(fresh.Error);
        mux.FailAll(new NatsConnectionLostException("gone"));
        Assert.IsType<NatsConnectionLostException>(fresh.Error);
        Assert.Equal(1, overdue.Completions);
        Assert.Equal(0, mux.PendingCount);
    }
}
