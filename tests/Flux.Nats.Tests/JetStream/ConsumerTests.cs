using System.Diagnostics;
using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class ConsumerTests(NatsServerFixture fixture) : JetStreamTestBase(fixture)
{
    private async Task SeedAsync(int count, string suffix = "e")
    {
        await using var publisher = Js.CreatePublisher(128);
        for (var i = 0; i < count; i++) await publisher.PublishAsync($"{Root}.{suffix}", BitConverter.GetBytes(i));
        await publisher.FlushAsync();
    }

    private static async Task<List<NatsJSMsg>> ToListAsync(IAsyncEnumerable<NatsJSMsg> source)
    {
        var list = new List<NatsJSMsg>();
        await foreach (var m in source) list.Add(m);
        return list;
    }

    [Fact]
    public async Task ephemeral_consumer_fetches_a_batch_in_stream_order()
    {
        await CreateStreamAsync();
        await SeedAsync(20);
        var consumer = await Js.CreateOrUpdateConsumerAsync(Stream, new ConsumerConfig { AckPolicy = ConsumerConfigAckPolicy.None });

        var batch = await ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 8 }));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (ulong)i), batch.Select(m => m.Metadata.StreamSequence));
        Assert.Equal(12UL, batch[^1].Metadata.NumPending);
        Assert.Equal(Stream, batch[0].Metadata.Stream);
    }

    [Fact]
    public async Task durable_consumer_with_filter_and_start_sequence_redelivers_until_acked()
    {
        await CreateStreamAsync();
        await SeedAsync(5, "a");
        await SeedAsync(5, "b");
        var durable = Unique.Name("D");
        var consumer = await Js.CreateOrUpdateConsumerAsync(Stream, new ConsumerConfig
        {
            DurableName = durable,
            FilterSubject = Root + ".b",
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = 8,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = TimeSpan.FromSeconds(1),
        });
        Assert.Equal(durable, consumer.Name);

        var first = await ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 10, NoWait = true }));
        Assert.Equal([8UL, 9UL, 10UL], first.Select(m => m.Metadata.StreamSequence));
        await first[0].AckSyncAsync();
        await first[1].AckAsync();
        await first[2].NakAsync();
        await Nats.PingAsync();

        // The NAKed message comes back; the acked ones do not.
        var again = await ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(2) }));
        Assert.Equal([10UL], again.Select(m => m.Metadata.StreamSequence));
        Assert.Equal(2UL, again[0].Metadata.NumDelivered);
        await again[0].AckSyncAsync();

        var info = await consumer.RefreshAsync();
        Assert.Equal(10UL, info.AckFloor.StreamSeq);
        Assert.Equal(0, info.NumAckPending);
        // A second handle to the same durable sees the same state.
        Assert.Equal(durable, (await Js.GetConsumerAsync(Stream, durable)).Info.Name);
        Assert.True(await Js.DeleteConsumerAsync(Stream, durable));
        await Assert.ThrowsAsync<NatsJSApiException>(async () => await Js.GetConsumerAsync(Stream, durable));
    }

    [Fact]
    public async Task no_wait_fetch_on_an_empty_consumer_ends_at_once()
    {
        await CreateStreamAsync();
        var consumer = await Js.CreateOrUpdateConsumerAsync(Stream, new ConsumerConfig { DeliverPolicy = ConsumerConfigDeliverPolicy.New });
        var sw = Stopwatch.StartNew();

        var got = await ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 10, NoWait = true }));

        Assert.Empty(got);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task fetch_with_expires_waits_for_new_messages_then_ends_when_it_expires()
    {
        await CreateStreamAsync();
        var consumer = await Js.CreateOrUpdateConsumerAsync(Stream, new ConsumerConfig { DeliverPolicy = ConsumerConfigDeliverPolicy.New });
        var sw = Stopwatch.StartNew();
        var fetch = ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromMilliseconds(600) }));
        await Task.Delay(150);
        await Js.PublishAsync(Root + ".late", new byte[] { 1 });

        var got = await fetch;

        Assert.Single(got);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task idle_heartbeats_during_a_pull_are_skipped_not_delivered()
    {
        await CreateStreamAsync();
        var consumer = await Js.CreateOrUpdateConsumerAsync(Stream, new ConsumerConfig { DeliverPolicy = ConsumerConfigDeliverPolicy.New });

        var got = await ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts
        {
            MaxMsgs = 5,
            Expires = TimeSpan.FromMilliseconds(900),
            IdleHeartbeat = TimeSpan.FromMilliseconds(200),
        }));

        Assert.Empty(got);
        Assert.True(consumer.Heartbeats >= 2, $"heartbeats: {consumer.Heartbeats}");
    }

    [Fact]
    public async Task a_pull_refused_with_409_ends_at_once_instead_of_waiting_for_expiry()
    {
        await CreateStreamAsync();
        var consumer = await Js.CreateOrUpdateConsumerAsync(Stream, new ConsumerConfig
        {
            DurableName = Unique.Name("W"),
            DeliverPolicy = ConsumerConfigDeliverPolicy.New,
            MaxWaiting = 1,
        });
        var waiting = ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(3) }));
        await Task.Delay(100);
        var sw = Stopwatch.StartNew();

        var refused = await ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(3) }));

        Assert.Empty(refused);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
        var raw = await Nats.RequestAsync($"$JS.API.CONSUMER.MSG.NEXT.{Stream}.{consumer.Name}", "{\"batch\":1,\"expires\":3000000000}"u8.ToArray());
        Assert.Equal(409, raw.StatusCode);
        await Js.PublishAsync(Root + ".w", new byte[] { 1 });
        Assert.Single(await waiting);
    }

    [Fact]
    public async Task deliver_last_per_subject_gives_one_message_per_subject()
    {
        await CreateStreamAsync();
        await SeedAsync(3, "x");
        await SeedAsync(3, "y");
        var consumer = await Js.CreateOrUpdateConsumerAsync(Stream, new ConsumerConfig { DeliverPolicy = ConsumerConfigDeliverPolicy.LastPerSubject, FilterSubject = Root + ".>" });

        var got = await ToListAsync(consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 10, NoWait = true }));

        Assert.Equal([3UL, 6UL], got.Select(m => m.Metadata.StreamSequence));
    }
}
