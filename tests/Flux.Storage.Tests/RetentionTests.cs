using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

public sealed class RetentionTests : IDisposable
{
    private readonly TempDataDirectory _directory = new();
    private readonly ManualTime _time = new(Start.AddDays(30));
    private EmbeddedStorage _storage;

    public RetentionTests() => _storage = new EmbeddedStorage(_directory.Path, _time);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task pruning_by_age_removes_old_events_but_keeps_state_and_count()
    {
        for (var day = 0; day < 30; day++)
        {
            await _storage.Log.AppendAsync(new AppendBatch([Event($"e{day}", "a", Start.AddDays(day))], State("a", $$"""{"day":{{day}}}""", Start.AddDays(day))));
        }

        var removed = await _storage.Log.PruneAsync(new RetentionPolicy(MaxAgeDays: 7, MaxBytes: 0));

        Assert.Equal(23, removed);
        var remaining = await _storage.Log.ReadEntityAsync("a", 0).ToListAsync();
        Assert.Equal(Enumerable.Range(24, 7).Select(i => (long)i), remaining.Select(e => e.Position));
        Assert.Equal("""{"day":29}""", Text((await _storage.Snapshots.LoadAsync("a"))!.Properties!.Value));
        Assert.Equal(30, await _storage.Log.CountAsync());

        _storage.Dispose();
        _storage = new EmbeddedStorage(_directory.Path, _time);
        Assert.Equal(30, await _storage.Log.CountAsync());
        Assert.Equal([new AppendResult(31, false)], await _storage.Log.AppendAsync(Batch(Event("next", "a", _time.GetUtcNow()))));
    }

    [Fact]
    public async Task pruning_everything_keeps_positions_increasing()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", "a"), Event("e2", "a")));

        Assert.Equal(2, await _storage.Log.PruneAsync(new RetentionPolicy(MaxAgeDays: 1, MaxBytes: 0)));
        _storage.Dispose();
        _storage = new EmbeddedStorage(_directory.Path, _time);

        Assert.Equal([new AppendResult(3, false)], await _storage.Log.AppendAsync(Batch(Event("e3", "a"))));
    }

    [Fact]
    public async Task pruning_by_bytes_removes_the_oldest_events_until_under_the_limit()
    {
        var events = Enumerable.Range(0, 100).Select(i => Event($"e{i:D3}", "a", _time.GetUtcNow())).ToArray();
        await _storage.Log.AppendAsync(new AppendBatch(events));
        var size = events[0].Envelope.Length;

        var removed = await _storage.Log.PruneAsync(new RetentionPolicy(MaxAgeDays: 0, MaxBytes: size * 40L));

        Assert.Equal(60, removed);
        var remaining = await _storage.Log.ReadEntityAsync("a", 0).ToListAsync();
        Assert.Equal(Enumerable.Range(61, 40).Select(i => (long)i), remaining.Select(e => e.Position));
        Assert.Equal(0, await _storage.Log.PruneAsync(new RetentionPolicy(MaxAgeDays: 0, MaxBytes: size * 40L)));
    }

    [Fact]
    public async Task pruning_more_than_one_step_removes_every_expired_event()
    {
        await _storage.Log.AppendAsync(new AppendBatch(Enumerable.Range(0, 25_000).Select(i => Event($"old-{i}", "a", Start)).ToArray()));
        await _storage.Log.AppendAsync(Batch(Event("recent", "a", _time.GetUtcNow())));

        Assert.Equal(25_000, await _storage.Log.PruneAsync(new RetentionPolicy(MaxAgeDays: 1, MaxBytes: 0)));
        Assert.Equal(["recent"], (await _storage.Log.ReadEntityAsync("a", 0).ToListAsync()).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task a_policy_of_zeros_keeps_everything()
    {
        await _storage.Log.AppendAsync(Batch(Event("e1", "a", Start), Event("e2", "a", Start)));

        Assert.Equal(0, await _storage.Log.PruneAsync(new RetentionPolicy(0, 0)));
        Assert.Equal(2, (await _storage.Log.ReadEntityAsync("a", 0).ToListAsync()).Count);
    }
}
