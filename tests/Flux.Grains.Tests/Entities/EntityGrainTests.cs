using System.Text;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using static Flux.Grains.Tests.TestEvents;

namespace Flux.Grains.Tests.Entities;

public sealed class EntityGrainTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static string Json(EntityView view) => Encoding.UTF8.GetString(view.Properties);

    [Fact]
    public async Task publish_then_get_shows_the_merged_write()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("ns/a");
        await grain.PublishAsync([Event("e1", "ns/a", """{"t":22.50,"u":"c"}""")]);
        await grain.PublishAsync([Event("e2", "ns/a", """{"t":23}""")]);

        var view = await grain.GetAsync();
        Assert.Equal("""{"t":23,"u":"c"}""", Json(view!));
    }

    [Fact]
    public async Task a_retried_event_id_is_applied_once_also_after_a_restart()
    {
        await using (var silo = await GrainHarness.StartAsync(_data.Path))
        {
            var grain = silo.Grains.GetGrain<IEntityGrain>("x");
            var first = await grain.PublishAsync([Event("same", "x", """{"n":1}""")]);
            var again = await grain.PublishAsync([Event("same", "x", """{"n":2}""")]);
            Assert.False(first[0].Duplicate);
            Assert.True(again[0].Duplicate);
            Assert.Equal("""{"n":1}""", Json((await grain.GetAsync())!));
        }
        await using (var silo = await GrainHarness.StartAsync(_data.Path))
        {
            var grain = silo.Grains.GetGrain<IEntityGrain>("x");
            var retried = await grain.PublishAsync([Event("same", "x", """{"n":3}""")]);
            Assert.True(retried[0].Duplicate);
            Assert.Equal("""{"n":1}""", Json((await grain.GetAsync())!));
            Assert.Single(await silo.Log.ReadHistoryAsync("x", DateTimeOffset.MinValue, 10));
        }
    }

    [Fact]
    public async Task a_batch_repeating_an_event_id_applies_it_once()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("x");
        var outcomes = await grain.PublishAsync([Event("a", "x", """{"n":1}"""), Event("a", "x", """{"n":2}""")]);
        Assert.Equal([false, true], outcomes.Select(o => o.Duplicate));
        Assert.Equal("""{"n":1}""", Json((await grain.GetAsync())!));
    }

    [Fact]
    public async Task a_batch_mixing_a_retry_with_new_events_applies_announces_and_indexes_only_the_new_ones()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("ns/m");
        await grain.PublishAsync([Event("old", "ns/m", """{"a":1}""")]);

        var outcomes = await grain.PublishAsync([Event("old", "ns/m", """{"a":99}"""), Event("new", "ns/m", """{"b":2}""")]);

        Assert.Equal([true, false], outcomes.Select(o => o.Duplicate));
        Assert.Equal("""{"a":1,"b":2}""", Json((await grain.GetAsync())!));
        var row = Assert.Single(await silo.Index.ListAsync(new EntityFilter(), null, 10));
        Assert.Equal("""{"a":1,"b":2}""", Encoding.UTF8.GetString(row.Properties.Span));
        var announced = silo.Changes.OfType<PropertiesChanged>().Select(c => c.Properties.GetRawText()).ToArray();
        Assert.Equal(["""{"a":1}""", """{"b":2}"""], announced);
        Assert.Equal(2, (await silo.Log.ReadHistoryAsync("ns/m", DateTimeOffset.MinValue, 10)).Count);
    }

    [Fact]
    public async Task state_and_last_updated_survive_a_restart()
    {
        EntityView before;
        await using (var silo = await GrainHarness.StartAsync(_data.Path))
        {
            var grain = silo.Grains.GetGrain<IEntityGrain>("ns/r");
            await grain.PublishAsync([Event("1", "ns/r", """{"a":1,"b":[1,2]}"""), Event("2", "ns/r", """{"a":null}""")]);
            before = (await grain.GetAsync())!;
        }
        await using (var silo = await GrainHarness.StartAsync(_data.Path))
        {
            var after = (await silo.Grains.GetGrain<IEntityGrain>("ns/r").GetAsync())!;
            Assert.Equal(Json(before), Json(after));
            Assert.Equal(before.LastUpdated, after.LastUpdated);
        }
    }

    [Fact]
    public async Task delete_removes_the_entity_from_reads_and_from_the_index()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("ns/d");
        await grain.PublishAsync([Event("1", "ns/d", """{"a":1}""")]);

        var deleted = await grain.DeleteAsync();

        Assert.True(deleted.Existed);
        Assert.Null(await grain.GetAsync());
        Assert.Empty(await silo.Index.ListAsync(new EntityFilter(), null, 10));
        Assert.Equal(0, await silo.Index.CountAsync(new EntityFilter()));
        Assert.Contains(silo.Changes, c => c is EntityDeleted { EntityId: "ns/d" });
    }

    [Fact]
    public async Task deleting_a_missing_entity_writes_a_tombstone_but_announces_nothing()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var deleted = await silo.Grains.GetGrain<IEntityGrain>("never").DeleteAsync();

        Assert.False(deleted.Existed);
        Assert.Single(await silo.Log.ReadHistoryAsync("never", DateTimeOffset.MinValue, 10));
        Assert.Empty(silo.Changes);
    }

    [Fact]
    public async Task publishing_after_a_delete_starts_a_fresh_entity()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("p");
        await grain.PublishAsync([Event("1", "p", """{"old":1}""")]);
        await grain.DeleteAsync();
        await grain.PublishAsync([Event("2", "p", """{"new":2}""")]);
        Assert.Equal("""{"new":2}""", Json((await grain.GetAsync())!));
    }

    [Fact]
    public async Task state_is_rebuilt_from_the_log_when_the_grain_is_collected_and_reactivated()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("one");
        await grain.PublishAsync([Event("1", "one", """{"a":1}""")]);
        await silo.DeactivateAsync(grain);
        await grain.PublishAsync([Event("2", "one", """{"b":2}""")]);
        await silo.DeactivateAsync(grain);
        Assert.Equal("""{"a":1,"b":2}""", Json((await grain.GetAsync())!));
    }

    [Fact]
    public async Task changes_are_announced_per_event_with_the_processing_time_as_last_updated()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("w");
        await grain.PublishAsync([Event("1", "w", """{"a":1,"b":2}""")]);
        var view = (await grain.GetAsync())!;
        var change = Assert.IsType<PropertiesChanged>(Assert.Single(silo.Changes));
        Assert.Equal(view.LastUpdated, change.Timestamp);
        Assert.Equal(["a", "b"], change.Properties.EnumerateObject().Select(p => p.Name));
    }
}
