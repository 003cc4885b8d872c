using NATS.Client.JetStream;
using NATS.Net;
using static Flux.Storage.JetStream.Tests.TestEvents;

namespace Flux.Storage.JetStream.Tests;

public sealed class FenceAndDuplicateTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task a_stale_expected_position_is_refused_and_nothing_is_appended()
    {
        await using var log = await nats.OpenLogAsync();
        var first = (await log.AppendAsync(new AppendBatch([Event("f1", "pump")], ExpectedLastPosition: 0)))[0].Position;
        await log.AppendAsync(new AppendBatch([Event("f2", "pump")], ExpectedLastPosition: first));

        var refused = await Assert.ThrowsAsync<AppendFencedException>(() =>
            log.AppendAsync(new AppendBatch([Event("f3", "pump"), Event("f4", "pump")], ExpectedLastPosition: first)));
        await Assert.ThrowsAsync<AppendFencedException>(() => log.AppendAsync(new AppendBatch([Event("f5", "pump")], ExpectedLastPosition: 0)));

        Assert.Equal("pump", refused.EntityId);
        Assert.Equal(["f1", "f2"], (await log.ReplayAsync("pump")).Select(e => e.Event.EventId));
        Assert.Equal(2, await log.CountAsync());
    }

    [Fact]
    public async Task an_activation_on_another_silo_that_wrote_since_fences_out_the_stale_one()
    {
        var stream = NatsFixture.NewStream();
        await using var stale = await nats.OpenLogAsync(stream);
        await using var fresh = await nats.OpenLogAsync(stream);
        var known = (await stale.AppendAsync(new AppendBatch([Event("g1", "pump")], ExpectedLastPosition: 0)))[0].Position;
        var moved = (await fresh.AppendAsync(new AppendBatch([Event("g2", "pump")], ExpectedLastPosition: known)))[0].Position;

        await Assert.ThrowsAsync<AppendFencedException>(() =>
            stale.AppendAsync(new AppendBatch([Event("g3", "pump")], ExpectedLastPosition: known)));
        var unfenced = await stale.AppendAsync(Batch(Event("g4", "pump")));

        Assert.True(unfenced[0].Position > moved);
        Assert.Equal(["g1", "g2", "g4"], (await fresh.ReplayAsync("pump")).Select(e => e.Event.EventId));
        Assert.Equal(["g4", "g2", "g1"], (await fresh.ReadHistoryAsync("pump", DateTimeOffset.MinValue, 10)).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task the_shared_last_position_includes_what_another_process_appended_and_is_0_for_an_entity_without_events()
    {
        var stream = NatsFixture.NewStream();
        await using var behind = await nats.OpenLogAsync(stream);
        await using var other = await nats.OpenLogAsync(stream);
        var known = (await behind.AppendAsync(new AppendBatch([Event("h1", "pump")], ExpectedLastPosition: 0)))[0].Position;
        Assert.Equal(known, await behind.SharedLastPositionAsync("pump"));

        var moved = (await other.AppendAsync(new AppendBatch([Event("h2", "pump"), Event("h3", "pump")], ExpectedLastPosition: known)))[0].Position;
        await other.AppendAsync(Batch(Event("h4", "valve")));

        Assert.Equal(moved, await behind.SharedLastPositionAsync("pump"));
        Assert.Equal(0, await behind.SharedLastPositionAsync("never-written"));
    }

    [Fact]
    public async Task every_stored_message_names_the_process_that_appended_it()
    {
        var stream = NatsFixture.NewStream();
        await using var log = await nats.OpenLogAsync(stream);
        await log.AppendAsync(new AppendBatch([Event("p1", "pump")], ExpectedLastPosition: 0));
        await log.AppendAsync(Batch(Event("p2", null)));

        await using var client = new NatsClient(nats.Server.Url);
        var consumer = await client.CreateJetStreamContext().CreateOrderedConsumerAsync(stream);
        var appendedBy = new List<string>();
        await foreach (var message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 2, Expires = TimeSpan.FromSeconds(5) }))
            appendedBy.Add(message.Headers?["Flux-Appended-By"].ToString() ?? "(none)");

        var self = $"{Environment.MachineName}/{Environment.ProcessId}";
        Assert.Equal([self, self], appendedBy);
    }

    [Fact]
    public async Task the_same_batch_again_is_a_duplicate_at_its_first_positions_and_stores_nothing()
    {
        await using var log = await nats.OpenLogAsync();
        var batch = Batch(Event("d1", "pump"), Event("d2", "pump"));
        var first = await log.AppendAsync(batch);

        var again = await log.AppendAsync(batch);

        Assert.Equal(first.Select(r => new AppendResult(r.Position, true)), again);
        Assert.Equal(2, await log.CountAsync());
        Assert.Equal(2, (await log.ReplayAsync("pump")).Count);
    }

    [Fact]
    public async Task an_event_retried_in_a_differently_batched_append_is_a_duplicate_and_the_rest_are_stored()
    {
        await using var log = await nats.OpenLogAsync();
        var first = await log.AppendAsync(Batch(Event("d1", "pump"), Event("d2", "pump"), Event("d3", "pump")));

        var mixed = await log.AppendAsync(Batch(Event("d4", "pump"), Event("d2", "pump"), Event("d4", "pump"), Event("d5", "pump")));
        var alone = await log.AppendAsync(Batch(Event("d1", "pump")));

        Assert.Equal(new AppendResult(first[1].Position, true), mixed[1]);
        Assert.False(mixed[0].Duplicate);
        Assert.Equal(new AppendResult(mixed[0].Position, true), mixed[2]);
        Assert.Equal(new AppendResult(mixed[0].Position, false), mixed[3]);
        Assert.Equal(new AppendResult(first[0].Position, true), alone[0]);
        Assert.Equal(["d1", "d2", "d3", "d4", "d5"], (await log.ReplayAsync("pump")).Select(e => e.Event.EventId));
        Assert.Equal(5, await log.CountAsync());
    }

    [Fact]
    public async Task a_retry_through_a_new_log_object_is_a_duplicate_fenced_or_not()
    {
        var stream = NatsFixture.NewStream();
        IReadOnlyList<AppendResult> first;
        await using (var before = await nats.OpenLogAsync(stream))
            first = await before.AppendAsync(Batch(Event("r1", "pump"), Event("r2", "pump")));

        await using var after = await nats.OpenLogAsync(stream);
        var fenced = await after.AppendAsync(new AppendBatch([Event("r2", "pump")], ExpectedLastPosition: first[1].Position));
        var unfenced = await after.AppendAsync(Batch(Event("r1", "pump"), Event("r3", "pump")));

        Assert.Equal([new AppendResult(first[1].Position, true)], fenced);
        Assert.Equal(new AppendResult(first[0].Position, true), unfenced[0]);
        Assert.False(unfenced[1].Duplicate);
        Assert.Equal(3, await after.CountAsync());
    }
}
