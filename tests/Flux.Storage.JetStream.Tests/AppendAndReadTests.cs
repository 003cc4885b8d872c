using System.Text;
using Flux.Contract;
using NATS.Client.Core;
using NATS.Net;
using static Flux.Storage.JetStream.Tests.TestEvents;

namespace Flux.Storage.JetStream.Tests;

public sealed class AppendAndReadTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task an_appended_event_replays_byte_for_byte_with_its_microseconds()
    {
        await using var log = await nats.OpenLogAsync();
        var acceptedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567); // .1234567 s
        var envelope = Encoding.UTF8.GetBytes("""{"eventId":"e-1","payload":{"entity_id":"pump 1","text":"ü \u0000 \"q\" 日本"}}   """);
        var appended = new EventRecord("e-1", "pump 1", "sensor/ß", acceptedAt.AddTicks(-7), envelope);

        var results = await log.AppendAsync(Batch(appended));
        var replay = await log.ReplayAsync("pump 1");

        var stored = Assert.Single(replay);
        Assert.Equal(results[0].Position, stored.Position);
        Assert.Equal("e-1", stored.Event.EventId);
        Assert.Equal("pump 1", stored.Event.EntityId);
        Assert.Equal("sensor/ß", stored.Event.Source);
        Assert.Equal(acceptedAt.AddTicks(-7), stored.Event.AcceptedAt);
        Assert.Equal(envelope, stored.Event.Envelope.ToArray());
    }

    [Fact]
    public async Task the_events_of_one_append_are_one_message_and_share_its_position()
    {
        var stream = NatsFixture.NewStream();
        await using var log = await nats.OpenLogAsync(stream);

        var results = await log.AppendAsync(Batch(Event("a1", "pump"), Event("a2", "pump"), Event("a3", "pump")));

        Assert.Equal(3, results.Count);
        Assert.Single(results.Select(r => r.Position).Distinct());
        Assert.All(results, r => Assert.False(r.Duplicate));
        Assert.Equal(1, await MessagesInAsync(stream));
        Assert.Equal(["a1", "a2", "a3"], (await log.ReplayAsync("pump")).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task replay_returns_only_the_entitys_events_after_the_position_in_log_order()
    {
        await using var log = await nats.OpenLogAsync();
        var positions = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            positions.Add((await log.AppendAsync(Batch(Event($"p{i}", "pump"))))[0].Position);
            await log.AppendAsync(Batch(Event($"o{i}", "other")));
        }

        var all = await log.ReplayAsync("pump");
        var after = await log.ReplayAsync("pump", positions[24]);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"p{i}"), all.Select(e => e.Event.EventId));
        Assert.Equal(positions, all.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(25, 15).Select(i => $"p{i}"), after.Select(e => e.Event.EventId));
        Assert.Empty(await log.ReplayAsync("nobody"));
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("*")]
    [InlineData(">")]
    [InlineData("ns/with space/and\ttab")]
    [InlineData("ünïcødé/日本/🚀")]
    [InlineData("a.*.>")]
    [InlineData("")]
    public async Task an_odd_entity_id_has_a_subject_of_its_own(string odd)
    {
        await using var log = await nats.OpenLogAsync();
        var id = odd.Length == 0 ? new string('ж', EntityIds.MaxBytes / 2) : odd; // "" stands for the longest id
        await log.AppendAsync(Batch(Event("near-1", "a")));
        await log.AppendAsync(Batch(Event("near-2", "a.b")));

        await log.AppendAsync(Batch(Event("odd-1", id)));
        await log.AppendAsync(Batch(Event("odd-2", id)));

        Assert.Equal(["odd-1", "odd-2"], (await log.ReplayAsync(id)).Select(e => e.Event.EventId));
        Assert.Equal(["odd-2", "odd-1"], (await log.ReadHistoryAsync(id, DateTimeOffset.MinValue, 10)).Select(e => e.Event.EventId));
        Assert.All(await log.ReplayAsync(id), e => Assert.Equal(id, e.Event.EntityId));
    }

    [Fact]
    public async Task an_entity_id_longer_than_the_supported_length_is_refused_before_anything_is_sent_and_reads_as_empty()
    {
        await using var log = await nats.OpenLogAsync();
        var tooLong = new string('x', EntityIds.MaxBytes + 1);

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Batch(Event("long", tooLong))));
        Assert.Equal(0, await log.CountAsync());
        Assert.Empty(await log.ReplayAsync(tooLong));
        Assert.Empty(await log.ReadHistoryAsync(tooLong, DateTimeOffset.MinValue, 100));
    }

    [Fact]
    public async Task an_append_over_the_servers_max_payload_is_refused_before_it_is_sent_and_the_entity_stays_writable()
    {
        await using var log = await nats.OpenLogAsync();
        await log.AppendAsync(Batch(Event("small-1", "big")));
        var huge = Event("huge", "big") with { Envelope = new byte[17 * 1024 * 1024] };

        var refused = await Assert.ThrowsAsync<AppendTooLargeException>(() => log.AppendAsync(Batch(huge)));
        Assert.True(refused.Bytes > refused.Limit, refused.Message);
        await log.AppendAsync(Batch(Event("small-2", "big")));
        Assert.Equal(["small-1", "small-2"], (await log.ReplayAsync("big")).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task history_is_newest_first_bounded_by_since_and_limit_across_many_messages()
    {
        await using var log = await nats.OpenLogAsync();
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 50; i++)
            await log.AppendAsync(Batch(Event($"h{i}", "pump", t0.AddSeconds(i))));
        await log.AppendAsync(Batch(Event("h50", "pump", t0.AddSeconds(50)), Event("h51", "pump", t0.AddSeconds(50))));

        var newest = await log.ReadHistoryAsync("pump", DateTimeOffset.MinValue, 45);
        var since = await log.ReadHistoryAsync("pump", t0.AddSeconds(30), 100);

        Assert.Equal(Enumerable.Range(7, 45).Reverse().Select(i => $"h{i}"), newest.Select(e => e.Event.EventId));
        Assert.Equal(Enumerable.Range(30, 22).Reverse().Select(i => $"h{i}"), since.Select(e => e.Event.EventId));
        Assert.Equal(newest[0].Position, newest[1].Position);
        Assert.Empty(await log.ReadHistoryAsync("pump", DateTimeOffset.MinValue, 0));
    }

    [Fact]
    public async Task a_burst_of_reads_larger_than_the_read_limit_queues_and_every_read_answers()
    {
        var options = nats.Options(NatsFixture.NewStream());
        options.MaxReadsInFlight = 3;
        await using var log = new JetStreamEventLog(options, new RetentionPolicy(0, 0), new RecordingIndexWriter());
        await log.StartAsync();
        for (var i = 0; i < 20; i++)
            await log.AppendAsync(Batch(Event($"b{i}", "pump")));

        // Without the limit each walk sends 16 gets at once after its first.
        var walks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => log.ReadHistoryAsync("pump", DateTimeOffset.MinValue, 100)));

        Assert.All(walks, walk => Assert.Equal(20, walk.Count));
        Assert.Equal(3, log.MostReadsInFlight);
    }

    [Fact]
    public async Task count_is_the_number_of_events_not_messages_and_survives_a_new_log_object()
    {
        var stream = NatsFixture.NewStream();
        await using (var log = await nats.OpenLogAsync(stream))
        {
            await log.AppendAsync(Batch(Event("c1", "a")));
            await log.AppendAsync(Batch([.. Enumerable.Range(0, 100).Select(i => Event($"b{i}", "b"))]));
            await log.AppendAsync(Batch(Event("n1", null), Event("n2", null)));
            await log.AppendAsync(Batch(Event("c1", "a"), Event("c2", "a")));
            Assert.Equal(104, await log.CountAsync());
        }

        await using var reopened = await nats.OpenLogAsync(stream);
        Assert.Equal(104, await reopened.CountAsync());
    }

    [Fact]
    public async Task events_without_an_entity_are_stored_on_their_own_subject()
    {
        var stream = NatsFixture.NewStream();
        await using var log = await nats.OpenLogAsync(stream);

        var results = await log.AppendAsync(Batch(Event("x1", null), Event("x2", null)));

        Assert.All(results, r => Assert.Equal(results[0].Position, r.Position));
        Assert.Equal(1, await MessagesInAsync(stream, $"{stream}.none"));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Batch(Event("m1", "a"), Event("m2", null))));
    }

    [Fact]
    public async Task retention_options_reach_the_stream_configuration()
    {
        var stream = NatsFixture.NewStream();
        await using var limited = await nats.OpenLogAsync(stream, retention: new RetentionPolicy(7, 1_000_000));
        var config = await ConfigOfAsync(stream);
        Assert.Equal(TimeSpan.FromDays(7), config.MaxAge);
        Assert.Equal(1_000_000, config.MaxBytes);
        Assert.True(config.AllowDirect);
        Assert.Equal(TimeSpan.FromSeconds(120), config.DuplicateWindow);
        Assert.Equal(NATS.Client.JetStream.Models.StreamConfigStorage.File, config.Storage);

        await using var unlimited = await nats.OpenLogAsync(stream, retention: new RetentionPolicy(0, 0));
        config = await ConfigOfAsync(stream);
        Assert.Equal(TimeSpan.Zero, config.MaxAge);
        Assert.Equal(-1, config.MaxBytes);
    }

    [Fact]
    public async Task the_index_writer_gets_the_state_after_with_the_appends_position_unless_an_event_was_a_duplicate()
    {
        var index = new RecordingIndexWriter();
        await using var log = await nats.OpenLogAsync(index: index);

        var first = await log.AppendAsync(new AppendBatch([Event("s1", "pump"), Event("s2", "pump")], State("pump", """{"x":1}""")));
        await log.AppendAsync(new AppendBatch([Event("s2", "pump"), Event("s3", "pump")], State("pump", """{"x":2}""")));
        await log.AppendAsync(new AppendBatch([Event("s4", "pump")]));

        var state = Assert.Single(index.States);
        Assert.Equal(first[0].Position, state.Position);
        Assert.Equal("""{"x":1}""", Encoding.UTF8.GetString(state.Properties!.Value.Span));
    }

    private async Task<long> MessagesInAsync(string stream, string? subject = null)
    {
        await using var client = new NatsConnection(new NatsOpts { Url = nats.Server.Url });
        var js = client.CreateJetStreamContext();
        var info = await js.GetStreamAsync(stream, new NATS.Client.JetStream.Models.StreamInfoRequest { SubjectsFilter = subject ?? $"{stream}.>" });
        return subject is null ? info.Info.State.Messages : (info.Info.State.Subjects is { } counts && counts.TryGetValue(subject, out var n) ? n : 0);
    }

    private async Task<NATS.Client.JetStream.Models.StreamConfig> ConfigOfAsync(string stream)
    {
        await using var client = new NatsConnection(new NatsOpts { Url = nats.Server.Url });
        return (await client.CreateJetStreamContext().GetStreamAsync(stream)).Info.Config;
    }
}
