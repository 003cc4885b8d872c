using Flux.Nats.JetStream;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class ReplayTests(NatsServerFixture fixture) : JetStreamTestBase(fixture)
{
    private static async Task<List<NatsJSMsg>> ToListAsync(IAsyncEnumerable<NatsJSMsg> source)
    {
        var list = new List<NatsJSMsg>();
        await foreach (var m in source) list.Add(m);
        return list;
    }

    [Fact]
    public async Task replay_returns_only_the_subject_in_order_from_the_start_sequence()
    {
        await CreateStreamAsync();
        for (var i = 0; i < 600; i++) await Js.PublishAsync(i % 3 == 0 ? Root + ".ent.a" : Root + ".ent.b", BitConverter.GetBytes(i));

        var all = await ToListAsync(Js.ReplaySubjectAsync(Stream, Root + ".ent.a"));
        var fromMiddle = await ToListAsync(Js.ReplaySubjectAsync(Stream, Root + ".ent.a", fromSequence: 301));

        Assert.Equal(200, all.Count); // spans several fetch batches
        Assert.All(all, m => Assert.Equal(Root + ".ent.a", m.Subject));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 3), all.Select(m => BitConverter.ToInt32(m.Data.Span)));
        Assert.Equal(all.Where(m => m.Metadata.StreamSequence >= 301).Select(m => m.Metadata.StreamSequence),
            fromMiddle.Select(m => m.Metadata.StreamSequence));
    }

    [Fact]
    public async Task replay_survives_its_consumer_vanishing_midway_without_skipping_or_repeating()
    {
        await CreateStreamAsync();
        await using (var publisher = Js.CreatePublisher(256))
        {
            for (var i = 0; i < 700; i++) await publisher.PublishAsync(Root + ".ent.z", BitConverter.GetBytes(i));
            await publisher.FlushAsync();
        }

        // A pull to a deleted consumer is never answered; a short request timeout keeps the test quick.
        var impatient = new NatsJSContext(Nats, new NatsJSOpts { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var seen = new List<int>();
        var deleted = 0;
        await foreach (var msg in impatient.ReplaySubjectAsync(Stream, Root + ".ent.z"))
        {
            seen.Add(BitConverter.ToInt32(msg.Data.Span));
            // After each full batch, pull the rug: the consumer disappears under the replay.
            if (seen.Count % 256 == 0 && await Js.DeleteConsumerAsync(Stream, msg.Metadata.Consumer)) deleted++;
        }

        Assert.Equal(2, deleted);
        Assert.Equal(Enumerable.Range(0, 700), seen);
    }

    [Fact]
    public async Task replay_of_an_unknown_subject_or_past_the_end_is_empty()
    {
        await CreateStreamAsync();
        await Js.PublishAsync(Root + ".one", new byte[] { 1 });

        Assert.Empty(await ToListAsync(Js.ReplaySubjectAsync(Stream, Root + ".none")));
        Assert.Empty(await ToListAsync(Js.ReplaySubjectAsync(Stream, Root + ".one", fromSequence: 2)));
    }

    [Fact]
    public async Task ten_thousand_subjects_replay_each_by_subject()
    {
        await CreateStreamAsync(c => c with { AllowDirect = true });
        const int subjects = 10_000;
        await using (var publisher = Js.CreatePublisher(1000))
        {
            for (var round = 0; round < 2; round++)
                for (var i = 0; i < subjects; i++)
                    await publisher.PublishAsync($"{Root}.ent.{i}", BitConverter.GetBytes(round * subjects + i));
            await publisher.FlushAsync();
        }

        var info = await Js.GetStreamAsync(Stream);
        Assert.Equal(subjects, info.State.NumSubjects);
        Assert.Equal(2UL * subjects, info.State.Messages);

        // Every 97th entity replays exactly its own two events, in order.
        for (var i = 0; i < subjects; i += 97)
        {
            var events = await ToListAsync(Js.ReplaySubjectAsync(Stream, $"{Root}.ent.{i}"));
            Assert.Equal([i, subjects + i], events.Select(m => BitConverter.ToInt32(m.Data.Span)));
        }
        // And the latest event of each sampled entity is one direct get away.
        var last = await Js.GetMsgAsync(Stream, new() { LastBySubj = $"{Root}.ent.{subjects - 1}" });
        Assert.Equal(2 * subjects - 1, BitConverter.ToInt32(last.Data.Span));
    }
}
