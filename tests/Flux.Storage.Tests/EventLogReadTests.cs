using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

public sealed class EventLogReadTests : IDisposable
{
    private readonly TempDataDirectory _directory = new();
    private readonly EmbeddedStorage _storage;

    public EventLogReadTests() => _storage = new EmbeddedStorage(_directory.Path);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task replay_returns_only_the_entitys_events_after_the_position_in_log_order()
    {
        for (var i = 1; i <= 10; i++)
        {
            await _storage.Log.AppendAsync(Batch(Event($"e{i}", i % 2 == 0 ? "even" : "odd")));
        }

        var replay = await _storage.Log.ReadEntityAsync("even", 4).ToListAsync();

        Assert.Equal([6L, 8, 10], replay.Select(e => e.Position));
        Assert.Equal(["e6", "e8", "e10"], replay.Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task the_embedded_log_has_one_writer_so_the_read_fence_gets_no_shared_position_to_check()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", "a")));

        Assert.Null(await _storage.Log.SharedLastPositionAsync("a"));
    }

    [Fact]
    public async Task replay_pages_through_more_events_than_one_page()
    {
        await _storage.Log.AppendAsync(new AppendBatch(Enumerable.Range(0, 1300).Select(i => Event($"e{i}", "a")).ToArray()));

        var replay = await _storage.Log.ReadEntityAsync("a", 100).ToListAsync();

        Assert.Equal(Enumerable.Range(101, 1200).Select(i => (long)i), replay.Select(e => e.Position));
    }

    [Fact]
    public async Task stored_events_read_back_exactly_as_appended()
    {
        var acceptedAt = new DateTimeOffset(2026, 2, 25, 9, 15, 42, TimeSpan.Zero).AddTicks(3182040);
        var appended = Event("0195f3a2-7c41-7d2e-9b1a-4f6e2c8d0a13", "dawn-coral/pump-01", acceptedAt, source: "agent 🚀 07");

        await _storage.Log.AppendAsync(Batch(appended));
        var stored = Assert.Single(await _storage.Log.ReadEntityAsync("dawn-coral/pump-01", 0).ToListAsync()).Event;

        Assert.Equal(appended.EventId, stored.EventId);
        Assert.Equal(appended.EntityId, stored.EntityId);
        Assert.Equal(appended.Source, stored.Source);
        Assert.Equal(acceptedAt, stored.AcceptedAt);
        Assert.Equal(appended.Envelope.ToArray(), stored.Envelope.ToArray());
    }

    [Fact]
    public async Task history_is_newest_first_limited_to_the_most_recent_matches()
    {
        for (var i = 0; i < 10; i++)
        {
            await _storage.Log.AppendAsync(Batch(Event($"e{i}", "a", Start.AddMinutes(i)), Event($"x{i}", "b", Start.AddMinutes(i))));
        }

        var history = await _storage.Log.ReadHistoryAsync("a", Start.AddMinutes(3), 4);

        Assert.Equal(["e9", "e8", "e7", "e6"], history.Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task history_since_is_inclusive_and_precise_to_the_microsecond()
    {
        var at = Start.AddTicks(10);
        await _storage.Log.AppendAsync(Batch(Event("before", "a", at.AddTicks(-10)), Event("exact", "a", at), Event("after", "a", at.AddTicks(10))));

        var history = await _storage.Log.ReadHistoryAsync("a", at, 100);

        Assert.Equal(["after", "exact"], history.Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task events_without_an_entity_are_stored_but_belong_to_no_history()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", null), Event("e2", "")));

        Assert.Equal(2, await _storage.Log.CountAsync());
        Assert.Empty(await _storage.Log.ReadHistoryAsync("a", DateTimeOffset.MinValue.AddYears(2000), 100));
        Assert.Equal(["e2"], (await _storage.Log.ReadEntityAsync("", 0).ToListAsync()).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task reads_proceed_while_a_commit_is_open()
    {
        await _storage.Log.AppendAsync(new AppendBatch([Event("e1", "a")], State("a", """{"x":1}""")));
        var release = new ManualResetEventSlim();
        var blocker = _storage.WriteAsync(
            _ =>
            {
                release.Wait(TimeSpan.FromSeconds(10));
                return true;
            },
            CancellationToken.None);

        var read = Task.Run(async () => (await _storage.Log.ReadHistoryAsync("a", Start, 10), await _storage.Snapshots.LoadAsync("a")));
        var completed = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5)));
        release.Set();
        await blocker;

        Assert.Same(read, completed);
        Assert.Single((await read).Item1);
    }
}
