using System.Text;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.Core;

[Collection(NatsCollection.Name)]
public sealed class PublishSubscribeTests(NatsServerFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task published_message_reaches_a_subscriber_with_headers_and_reply_subject()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("core");
        await using var sub = await nats.SubscribeCoreAsync(subject);
        await nats.PingAsync();

        var headers = new NatsHeaders { { "Flux-Entity", "order-1" } };
        await nats.PublishAsync(subject, "hello"u8.ToArray(), headers, replyTo: "answer.here");

        var msg = await sub.Msgs.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(subject, msg.Subject);
        Assert.Equal("hello", Encoding.UTF8.GetString(msg.Data.Span));
        Assert.Equal("order-1", msg.Headers?["Flux-Entity"]);
        Assert.Equal("answer.here", msg.ReplyTo);
        Assert.Equal(0, msg.StatusCode);
    }

    [Fact]
    public async Task wildcard_subscription_sees_every_matching_subject_in_order()
    {
        await using var nats = await fixture.ConnectAsync();
        var root = Unique.Subject("wild");
        await using var sub = await nats.SubscribeCoreAsync(root + ".>");
        await nats.PingAsync();
        for (var i = 0; i < 100; i++) await nats.PublishAsync($"{root}.{i % 3}", Encoding.UTF8.GetBytes(i.ToString()));

        for (var i = 0; i < 100; i++)
        {
            var msg = await sub.Msgs.ReadAsync().AsTask().WaitAsync(Wait);
            Assert.Equal($"{root}.{i % 3}", msg.Subject);
            Assert.Equal(i.ToString(), Encoding.UTF8.GetString(msg.Data.Span));
        }
    }

    [Fact]
    public async Task queue_group_delivers_each_message_to_exactly_one_member()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("queue");
        await using var a = await nats.SubscribeCoreAsync(subject, queueGroup: "workers");
        await using var b = await nats.SubscribeCoreAsync(subject, queueGroup: "workers");
        await nats.PingAsync();
        for (var i = 0; i < 200; i++) await nats.PublishAsync(subject, new byte[] { 1 });
        await nats.PingAsync();
        await Task.Delay(50);

        Assert.Equal(200, a.Delivered + b.Delivered);
        Assert.True(a.Delivered > 0 && b.Delivered > 0, $"both members should get work: {a.Delivered}/{b.Delivered}");
    }

    [Fact]
    public async Task auto_unsubscribe_ends_the_subscription_after_max_messages()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("auto");
        var sub = await nats.SubscribeCoreAsync(subject, opts: new NatsSubOpts { MaxMsgs = 3 });
        await nats.PingAsync();
        for (var i = 0; i < 10; i++) await nats.PublishAsync(subject, new byte[] { (byte)i });

        var received = new List<byte>();
        await foreach (var msg in sub.ReadAllAsync().WithCancellation(new CancellationTokenSource(Wait).Token)) received.Add(msg.Data.Span[0]);
        Assert.Equal([0, 1, 2], received);
    }

    [Fact]
    public async Task unsubscribed_subscription_receives_nothing_more()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("unsub");
        var sub = await nats.SubscribeCoreAsync(subject);
        await nats.PingAsync();
        await nats.PublishAsync(subject, new byte[] { 1 });
        await nats.PingAsync();
        await sub.UnsubscribeAsync();
        await nats.PublishAsync(subject, new byte[] { 2 });
        await nats.PingAsync();

        var all = new List<NatsMsg>();
        await foreach (var m in sub.ReadAllAsync()) all.Add(m);
        Assert.Single(all);
    }

    [Fact]
    public async Task slow_subscriber_drops_and_counts_without_blocking_the_connection()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("slow");
        var slowReported = 0;
        nats.SlowConsumer += (_, _) => Interlocked.Increment(ref slowReported);
        await using var slow = await nats.SubscribeCoreAsync(subject, opts: new NatsSubOpts { PendingCapacity = 10 });
        await nats.PingAsync();

        for (var i = 0; i < 100; i++) await nats.PublishAsync(subject, new byte[] { 1 });
        // The connection keeps working while the slow subscriber's queue is full.
        var rtt = await nats.PingAsync();

        Assert.True(rtt < Wait);
        Assert.Equal(90, slow.Dropped);
        Assert.Equal(1, slowReported);
        var kept = 0;
        while (slow.Msgs.TryRead(out _)) kept++;
        Assert.Equal(10, kept);
    }

    [Fact]
    public async Task payload_of_exactly_max_payload_bytes_round_trips()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("big");
        await using var sub = await nats.SubscribeCoreAsync(subject);
        await nats.PingAsync();
        var max = nats.ServerInfo!.MaxPayload;
        var payload = new byte[max];
        new Random(7).NextBytes(payload);

        await nats.PublishAsync(subject, payload);

        var msg = await sub.Msgs.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(max, msg.Data.Length);
        Assert.True(payload.AsSpan().SequenceEqual(msg.Data.Span));
    }

    [Fact]
    public async Task payload_over_max_payload_is_refused_before_sending_and_the_connection_stays_open()
    {
        await using var nats = await fixture.ConnectAsync();
        var max = nats.ServerInfo!.MaxPayload;

        var error = await Assert.ThrowsAsync<NatsPayloadTooLargeException>(async () =>
            await nats.PublishAsync(Unique.Subject("big"), new byte[max + 1]));
        Assert.Equal(max, error.MaxPayload);
        // Headers count towards the limit too.
        await Assert.ThrowsAsync<NatsPayloadTooLargeException>(async () =>
            await nats.PublishAsync(Unique.Subject("big"), new byte[max], new NatsHeaders { { "a", "b" } }));
        await nats.PingAsync();
        Assert.Equal(NatsConnectionState.Open, nats.ConnectionState);
    }

    [Fact]
    public async Task drain_delivers_what_was_already_sent_then_closes()
    {
        var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("drain");
        var sub = await nats.SubscribeCoreAsync(subject);
        await nats.PingAsync();
        for (var i = 0; i < 50; i++) await nats.PublishAsync(subject, new byte[] { (byte)i });

        await nats.DrainAsync();

        var count = 0;
        await foreach (var _ in sub.ReadAllAsync()) count++;
        Assert.Equal(50, count);
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
        await Assert.ThrowsAsync<NatsConnectionClosedException>(async () => await nats.PublishAsync(subject));
    }

    [Fact]
    public async Task subscribe_async_enumerates_until_cancelled()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("enum");
        using var cts = new CancellationTokenSource(Wait);
        var got = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var m in nats.SubscribeAsync(subject, ct: cts.Token))
            {
                got.Add(Encoding.UTF8.GetString(m.Data.Span));
                if (got.Count == 2) break;
            }
        });
        // Publish until the subscription is live, then two more.
        while (got.Count == 0 && !reader.IsCompleted)
        {
            await nats.PublishAsync(subject, "x"u8.ToArray());
            await Task.Delay(10);
        }
        await nats.PublishAsync(subject, "y"u8.ToArray());
        await reader.WaitAsync(Wait);
        Assert.Equal(2, got.Count);
    }
}
