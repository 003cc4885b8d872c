using System.Diagnostics;
using Flux.Nats.JetStream;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class PublishTests(NatsServerFixture fixture) : JetStreamTestBase(fixture)
{
    [Fact]
    public async Task awaited_publishes_get_consecutive_sequences()
    {
        await CreateStreamAsync();
        for (var i = 1; i <= 5; i++)
        {
            var ack = await Js.PublishAsync(Root + ".e", new byte[] { (byte)i });
            Assert.Equal(Stream, ack.Stream);
            Assert.Equal((ulong)i, ack.Seq);
            Assert.False(ack.Duplicate);
        }
    }

    [Fact]
    public async Task same_msg_id_inside_the_window_is_stored_once_and_acked_as_duplicate()
    {
        await CreateStreamAsync(c => c with { DuplicateWindow = TimeSpan.FromMinutes(1) });
        var opts = new NatsJSPubOpts { MsgId = "evt-1" };

        var first = await Js.PublishAsync(Root + ".e", new byte[] { 1 }, opts: opts);
        var again = await Js.PublishAsync(Root + ".e", new byte[] { 1 }, opts: opts);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(1UL, (await Js.GetStreamAsync(Stream)).State.Messages);
    }

    [Fact]
    public async Task expected_last_subject_sequence_fences_out_a_stale_writer()
    {
        await CreateStreamAsync();
        var subject = Root + ".entity.1";
        var first = await Js.PublishAsync(subject, new byte[] { 1 }, opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = 0 });
        await Js.PublishAsync(Root + ".entity.2", new byte[] { 9 }); // other subjects do not move the fence
        var second = await Js.PublishAsync(subject, new byte[] { 2 }, opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = first.Seq });

        // A writer that still believes the subject ends at the first event is rejected.
        var stale = await Assert.ThrowsAsync<NatsJSWrongLastSequenceException>(async () =>
            await Js.PublishAsync(subject, new byte[] { 3 }, opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = first.Seq }));

        Assert.Equal(NatsJSErrorCodes.WrongLastSequence, stale.ErrorCode);
        Assert.Equal(second.Seq, stale.ActualLastSequence);
        Assert.Equal(3UL, (await Js.GetStreamAsync(Stream)).State.Messages);
    }

    [Fact]
    public async Task expected_zero_rejects_a_subject_that_already_has_messages()
    {
        await CreateStreamAsync();
        await Js.PublishAsync(Root + ".x", new byte[] { 1 });
        await Assert.ThrowsAsync<NatsJSWrongLastSequenceException>(async () =>
            await Js.PublishAsync(Root + ".x", new byte[] { 1 }, opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = 0 }));
    }

    [Fact]
    public async Task publish_to_a_subject_without_a_stream_fails_at_once_with_no_responders()
    {
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAsync<NatsNoRespondersException>(async () => await Js.PublishAsync(Unique.Subject("nostream"), new byte[] { 1 }));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task pipelined_publishes_are_all_stored_in_order_within_the_window()
    {
        await CreateStreamAsync();
        await using var publisher = Js.CreatePublisher(maxInFlight: 64);
        var acks = new List<Task<Flux.Nats.JetStream.Models.PubAckResponse>>();
        var maxSeen = 0;
        for (var i = 0; i < 2000; i++)
        {
            acks.Add(await publisher.PublishWithAckAsync(Root + ".p", BitConverter.GetBytes(i)));
            maxSeen = Math.Max(maxSeen, publisher.InFlight);
        }
        await publisher.FlushAsync();

        Assert.InRange(maxSeen, 1, 64);
        Assert.Equal(0, publisher.InFlight);
        var seqs = (await Task.WhenAll(acks)).Select(a => a.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (ulong)i), seqs);
        Assert.Equal(2000UL, (await Js.GetStreamAsync(Stream)).State.Messages);
        Assert.Equal(2000, publisher.Acked);
    }

    [Fact]
    public async Task counted_pipelined_publishes_surface_a_failure_on_flush()
    {
        await CreateStreamAsync();
        await using var publisher = Js.CreatePublisher(16);
        for (var i = 0; i < 100; i++) await publisher.PublishAsync(Root + ".c", new byte[] { 1 });
        await publisher.PublishAsync(Root + ".c", new byte[] { 1 }, opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = 1 });

        var error = await Assert.ThrowsAsync<NatsException>(async () => await publisher.FlushAsync());

        Assert.IsType<NatsJSWrongLastSequenceException>(error.InnerException);
        Assert.Equal(100, publisher.Acked);
        await publisher.FlushAsync(); // reported once
    }

    [Fact]
    public async Task concurrent_pipelined_publishers_share_one_window_without_exceeding_it()
    {
        await CreateStreamAsync();
        await using var publisher = Js.CreatePublisher(maxInFlight: 16);
        var maxSeen = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await publisher.PublishAsync($"{Root}.w{w}", BitConverter.GetBytes(i));
                var now = publisher.InFlight;
                int seen;
                while (now > (seen = Volatile.Read(ref maxSeen)) && Interlocked.CompareExchange(ref maxSeen, now, seen) != seen) { }
            }
        })));
        await publisher.FlushAsync();

        Assert.InRange(maxSeen, 1, 16);
        Assert.Equal(2000, publisher.Acked);
        Assert.Equal(2000UL, (await Js.GetStreamAsync(Stream)).State.Messages);
    }

    [Fact]
    public async Task pipelined_publish_reports_fence_failures_on_its_ack_and_on_flush()
    {
        await CreateStreamAsync();
        await Js.PublishAsync(Root + ".f", new byte[] { 1 });
        await using var publisher = Js.CreatePublisher(8);

        var ok = await publisher.PublishWithAckAsync(Root + ".g", new byte[] { 1 }, opts: new NatsJSPubOpts { MsgId = "g1" });
        var fenced = await publisher.PublishWithAckAsync(Root + ".f", new byte[] { 2 }, opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = 0 });

        await Assert.ThrowsAsync<NatsJSWrongLastSequenceException>(() => fenced);
        Assert.Equal(2UL, (await ok).Seq);
        var error = await Assert.ThrowsAsync<NatsException>(async () => await publisher.FlushAsync());
        Assert.IsType<NatsJSWrongLastSequenceException>(error.InnerException);
    }
}
