using System.Diagnostics;
using static Flux.Storage.Postgres.Tests.TestStates;

namespace Flux.Storage.Postgres.Tests;

public sealed class PostgresEntityIndexWriterTests(DurablePostgresFixture postgres) : IClassFixture<DurablePostgresFixture>, IAsyncLifetime
{
    /// <summary>Contract G3: the index follows the log within 2 s.</summary>
    private static readonly TimeSpan G3 = TimeSpan.FromSeconds(2);

    private PostgresDatabase _database = null!;
    private PostgresSnapshotStore _snapshots = null!;
    private PostgresEntityIndex _index = null!;
    private PostgresEntityIndexWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateMigratedDatabaseAsync();
        _snapshots = new PostgresSnapshotStore(_database);
        _index = new PostgresEntityIndex(_database);
        _writer = new PostgresEntityIndexWriter(_database);
        _writer.Start();
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task enqueued_states_reach_the_index_within_the_flush_interval()
    {
        var clock = Stopwatch.StartNew();
        _writer.Enqueue(State("pump/1", """{"rpm":10}""", 1));
        _writer.Enqueue(State("pump/2", """{"rpm":20}""", 2));

        await WaitUntilAsync(async () => await _index.CountAsync(new EntityFilter(Namespace: "pump")) == 2, G3, "both states listed");

        Assert.True(clock.Elapsed < G3);
        // The rows are visible once PostgreSQL committed them, a moment before the writer hears back and clears its lag.
        await WaitUntilAsync(() => Task.FromResult(_writer.Lag == TimeSpan.Zero), G3, "the lag back to zero");
    }

    [Fact]
    public async Task the_highest_position_wins_whatever_order_states_arrive_in()
    {
        foreach (var position in new long[] { 3, 9, 1, 7, 9, 2 })
        {
            _writer.Enqueue(State("valve", $$"""{"p":{{position}}}""", position));
        }

        await WaitUntilAsync(async () => (await _snapshots.LoadAsync("valve"))?.Position == 9, G3, "position 9 stored");
        // A later flush of an older state cannot move the row back.
        _writer.Enqueue(State("valve", """{"p":4}""", 4));
        _writer.Enqueue(State("marker", "{}", 1));
        await WaitUntilAsync(async () => await _snapshots.LoadAsync("marker") is not null, G3, "the next flush");

        Assert.Equal("""{"p":9}""", Text((await _snapshots.LoadAsync("valve"))!.Properties!.Value));
    }

    [Fact]
    public async Task many_changes_of_one_entity_coalesce_into_its_latest_state()
    {
        for (var position = 1; position <= 20_000; position++)
        {
            _writer.Enqueue(State("busy", $$"""{"n":{{position}}}""", position));
        }

        Assert.True(_writer.WaitingCount <= 1, $"{_writer.WaitingCount} states of one entity queued");
        await WaitUntilAsync(async () => (await _snapshots.LoadAsync("busy"))?.Position == 20_000, G3, "the latest state stored");
    }

    [Fact]
    public async Task a_deletion_handed_over_removes_the_entity_from_listings()
    {
        _writer.Enqueue(State("door", """{"open":true}""", 1));
        await WaitUntilAsync(async () => await _index.CountAsync(EntityFilter.All) == 1, G3, "door listed");

        _writer.Enqueue(Deleted("door", 2));

        await WaitUntilAsync(async () => await _index.CountAsync(EntityFilter.All) == 0, G3, "door no longer listed");
    }

    [Fact]
    public async Task enqueue_never_waits_for_postgres_and_an_outage_loses_nothing()
    {
        _writer.Enqueue(State("before", "{}", 1));
        await WaitUntilAsync(async () => await _index.CountAsync(EntityFilter.All) == 1, G3, "the first state stored");

        await postgres.Server.KillAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5_000; i++)
        {
            _writer.Enqueue(State($"during/{i % 1000}", $$"""{"i":{{i}}}""", i + 1));
        }

        var enqueueTime = clock.Elapsed;
        // While PostgreSQL is down the oldest unwritten state ages: the lag is visible.
        await WaitUntilAsync(() => Task.FromResult(_writer.Lag > TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(10), "lag grows during the outage");
        await postgres.Server.StartAsync();

        await WaitUntilAsync(async () => await _index.CountAsync(new EntityFilter(Namespace: "during")) == 1000, TimeSpan.FromSeconds(10), "every entity written after recovery");
        await WaitUntilAsync(() => Task.FromResult(_writer.Lag == TimeSpan.Zero), G3, "lag back to zero");
        Assert.True(enqueueTime < TimeSpan.FromSeconds(1), $"5000 enqueues took {enqueueTime.TotalMilliseconds:0} ms");
        Assert.Equal("""{"i":4999}""", Text((await _snapshots.LoadAsync("during/999"))!.Properties!.Value));
        Assert.Equal(5000, (await _snapshots.LoadAsync("during/999"))!.Position);
    }

    [Fact]
    public async Task stopping_writes_what_is_queued()
    {
        await using var writer = new PostgresEntityIndexWriter(_database);
        writer.Start();
        for (var i = 0; i < 2_500; i++)
        {
            writer.Enqueue(State($"stop/{i}", "{}", 1));
        }

        await writer.StopAsync();

        Assert.Equal(0, writer.WaitingCount);
        Assert.Equal(2_500, await _index.CountAsync(new EntityFilter(Namespace: "stop")));
    }

    [Fact]
    public async Task lag_is_the_age_of_the_oldest_unwritten_state()
    {
        var time = new ManualTime();
        await using var writer = new PostgresEntityIndexWriter(_database, time);
        writer.Enqueue(State("old", "{}", 1));
        time.Advance(TimeSpan.FromSeconds(3));
        writer.Enqueue(State("new", "{}", 1));
        writer.Enqueue(State("old", """{"newer":true}""", 2));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(4), writer.Lag);

        writer.Start();
        await WaitUntilAsync(() => Task.FromResult(writer.Lag == TimeSpan.Zero), G3, "lag zero once written");
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
