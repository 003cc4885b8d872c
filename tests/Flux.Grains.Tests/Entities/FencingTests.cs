using System.Text;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Flux.Grains.Tests.TestEvents;

namespace Flux.Grains.Tests.Entities;

/// <summary>
/// The grain's half of the fence (docs/architecture.md, fencing): it tells the log the position it last knew,
/// and when an append is refused or unconfirmed it adopts nothing and reloads from the log. The log here is the
/// embedded one behind a switch that makes it answer as the cluster's would.
/// </summary>
public sealed class FencingTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static string Json(EntityView? view) => Encoding.UTF8.GetString(view!.Properties);

    private Task<GrainHarness> StartAsync() => GrainHarness.StartAsync(_data.Path, services =>
        services.AddSingleton<IEventLog>(provider => new SwitchedLog(provider.GetRequiredService<EmbeddedStorage>().Log)));

    private static SwitchedLog LogOf(GrainHarness silo) => (SwitchedLog)silo.Log;

    [Fact]
    public async Task every_append_carries_the_position_the_grain_last_knew_of_its_entity()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IEntityGrain>("fence/a");
        await grain.PublishAsync([Event("e1", "fence/a", """{"n":1}""")]);
        await silo.Log.AppendAsync(new AppendBatch([Record("other", "x")]));
        await grain.PublishAsync([Event("e2", "fence/a", """{"n":2}""")]);

        var batches = LogOf(silo).Batches.Where(b => b.Events[0].EntityId == "fence/a").ToList();
        Assert.Equal(0, batches[0].ExpectedLastPosition);
        var firstPosition = (await silo.Log.ReadHistoryAsync("fence/a", DateTimeOffset.MinValue, 10))[^1].Position;
        Assert.Equal(firstPosition, batches[1].ExpectedLastPosition);
    }

    [Fact]
    public async Task a_refused_append_adopts_nothing_and_the_next_call_reloads_from_the_log()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IEntityGrain>("fence/b");
        await grain.PublishAsync([Event("e1", "fence/b", """{"n":1}""")]);
        // Another activation of the entity (on another silo, during a membership change) wrote to the log.
        await LogOf(silo).Inner.AppendAsync(new AppendBatch([Record("e2", "fence/b", """{"n":2}""")]));

        LogOf(silo).Next = batch => throw new AppendFencedException("fence/b", batch.ExpectedLastPosition ?? 0, "wrong last sequence");
        var refused = await Assert.ThrowsAsync<EntityUnavailableException>(() => grain.PublishAsync([Event("e3", "fence/b", """{"n":3}""")]));
        Assert.Contains("reloading", refused.Message, StringComparison.Ordinal);

        Assert.Equal("""{"n":2}""", Json(await grain.GetAsync()));
        await grain.PublishAsync([Event("e3", "fence/b", """{"n":3,"m":1}""")]);
        Assert.Equal("""{"n":3,"m":1}""", Json(await grain.GetAsync()));
    }

    [Fact]
    public async Task an_append_whose_outcome_is_unknown_is_reloaded_from_the_log_before_the_next_answer()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IEntityGrain>("fence/c");
        await grain.PublishAsync([Event("e1", "fence/c", """{"n":1}""")]);

        var log = LogOf(silo);
        log.Next = async batch =>
        {
            await log.Inner.AppendAsync(batch); // stored, but the acknowledgement was lost
            throw new AppendOutcomeUnknownException("publish timed out");
        };
        await Assert.ThrowsAsync<EntityUnavailableException>(() => grain.PublishAsync([Event("e2", "fence/c", """{"n":2}""")]));

        Assert.Equal("""{"n":2}""", Json(await grain.GetAsync()));
        var retried = await grain.PublishAsync([Event("e2", "fence/c", """{"n":2}""")]);
        Assert.True(retried[0].Duplicate);
    }

    [Fact]
    public async Task an_unreachable_log_answers_unavailable_and_the_state_stays_as_it_was()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IEntityGrain>("fence/d");
        await grain.PublishAsync([Event("e1", "fence/d", """{"n":1}""")]);

        LogOf(silo).Next = _ => throw new StorageUnavailableException("nats://127.0.0.1:4222 refused the connection");
        var refused = await Assert.ThrowsAsync<EntityUnavailableException>(() => grain.PublishAsync([Event("e2", "fence/d", """{"n":2}""")]));
        Assert.Contains("unreachable", refused.Message, StringComparison.Ordinal);

        Assert.Equal("""{"n":1}""", Json(await grain.GetAsync()));
        await grain.PublishAsync([Event("e2", "fence/d", """{"n":2}""")]);
        Assert.Equal("""{"n":2}""", Json(await grain.GetAsync()));
    }

    [Fact]
    public async Task a_read_of_an_activation_behind_a_shared_log_replays_what_another_activation_appended_before_it_answers()
    {
        await using var silo = await StartAsync();
        LogOf(silo).Shared = true;
        var grain = silo.Grains.GetGrain<IEntityGrain>("fence/e");
        await grain.PublishAsync([Event("e1", "fence/e", """{"n":1,"m":1}""")]);
        // Another activation of the entity (on another silo, during a membership change) took two writes.
        await LogOf(silo).Inner.AppendAsync(new AppendBatch([Record("e2", "fence/e", """{"n":2}""")]));
        await LogOf(silo).Inner.AppendAsync(new AppendBatch([Record("e3", "fence/e", """{"n":3}""")]));

        Assert.Equal("""{"n":3,"m":1}""", Json(await grain.GetAsync()));
        // Caught up, its next append extends the log where the other activation left it.
        await grain.PublishAsync([Event("e4", "fence/e", """{"m":4}""")]);
        Assert.Equal("""{"n":3,"m":4}""", Json(await grain.GetAsync()));
    }

    [Fact]
    public async Task a_read_whose_replay_falls_short_of_the_logs_last_position_answers_unavailable_rather_than_an_older_state()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IEntityGrain>("fence/g");
        await grain.PublishAsync([Event("e1", "fence/g", """{"n":1}""")]);

        LogOf(silo).LeaderAhead = long.MaxValue;
        var refused = await Assert.ThrowsAsync<EntityUnavailableException>(() => grain.GetAsync());
        Assert.Contains("replica is behind", refused.Message, StringComparison.Ordinal);

        LogOf(silo).LeaderAhead = null;
        Assert.Equal("""{"n":1}""", Json(await grain.GetAsync()));
    }

    [Fact]
    public async Task a_read_whose_shared_log_is_unreachable_answers_unavailable_rather_than_a_state_it_cannot_confirm()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IEntityGrain>("fence/f");
        await grain.PublishAsync([Event("e1", "fence/f", """{"n":1}""")]);

        LogOf(silo).Unreachable = true;
        var refused = await Assert.ThrowsAsync<EntityUnavailableException>(() => grain.GetAsync());
        Assert.Contains("cannot confirm its newest state", refused.Message, StringComparison.Ordinal);

        LogOf(silo).Unreachable = false;
        Assert.Equal("""{"n":1}""", Json(await grain.GetAsync()));
    }

    private static EventRecord Record(string eventId, string entityId, string properties = """{"x":1}""") =>
        new(eventId, entityId, "test", DateTimeOffset.UtcNow, Event(eventId, entityId, properties).ToEnvelopeJson());

    /// <summary>The embedded log, recording each batch; <see cref="Next"/> answers the next append instead, once.</summary>
    private sealed class SwitchedLog(IEventLog inner) : IEventLog
    {
        public IEventLog Inner => inner;

        public List<AppendBatch> Batches { get; } = [];

        public Func<AppendBatch, Task<IReadOnlyList<AppendResult>>>? Next { get; set; }

        public Task<IReadOnlyList<AppendResult>> AppendAsync(AppendBatch batch, CancellationToken cancellationToken = default)
        {
            lock (Batches)
                Batches.Add(batch);
            var next = Next;
            Next = null;
            return next is null ? inner.AppendAsync(batch, cancellationToken) : next(batch);
        }

        public IAsyncEnumerable<StoredEvent> ReadEntityAsync(string entityId, long afterPosition, CancellationToken cancellationToken = default) =>
            inner.ReadEntityAsync(entityId, afterPosition, cancellationToken);

        public Task<IReadOnlyList<StoredEvent>> ReadHistoryAsync(string entityId, DateTimeOffset since, int limit, CancellationToken cancellationToken = default) =>
            inner.ReadHistoryAsync(entityId, since, limit, cancellationToken);

        /// <summary>Whether the log answers as one shared by several processes (the read fence asks it).</summary>
        public bool Shared { get; set; }

        /// <summary>Whether the shared log's position cannot be read (NATS down).</summary>
        public bool Unreachable { get; set; }

        /// <summary>A last position the leader reports that the replica answering the replay does not hold yet.</summary>
        public long? LeaderAhead { get; set; }

        public async ValueTask<long?> SharedLastPositionAsync(string entityId, CancellationToken cancellationToken = default)
        {
            if (Unreachable)
                throw new StorageUnavailableException("nats://127.0.0.1:4222 refused the connection");
            if (LeaderAhead is { } ahead)
                return ahead;
            if (!Shared)
                return await inner.SharedLastPositionAsync(entityId, cancellationToken);
            var newest = await inner.ReadHistoryAsync(entityId, DateTimeOffset.MinValue, 1, cancellationToken);
            return newest.Count == 0 ? 0 : newest[0].Position;
        }

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);
    }
}
