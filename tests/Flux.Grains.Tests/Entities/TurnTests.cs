using System.Text.Json;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Flux.Grains.Tests.TestEvents;

namespace Flux.Grains.Tests.Entities;

/// <summary>What Orleans' turns give Flux: a read never overlaps a publish, and an idle grain leaves a current snapshot.</summary>
public sealed class TurnTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task a_reader_reacting_to_an_announced_change_sees_that_change()
    {
        // The store announces a change before the publishing turn adopts the new state. A read issued on the
        // announcement queues behind that turn, so it sees the change; a read that overlapped the turn would
        // see the state before it (docs/api.md G7).
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("turns/counter");
        var announcements = silo.Silo.GetRequiredService<ChangeStream>().Reader;
        const int publishes = 200;

        var reactions = Task.Run(async () =>
        {
            var stale = new List<string>();
            for (var seen = 0; seen < publishes;)
            {
                var change = (PropertiesChanged)await announcements.ReadAsync();
                var announced = change.Properties.GetProperty("n").GetInt32();
                var read = JsonDocument.Parse((await grain.GetAsync())!.Properties).RootElement.GetProperty("n").GetInt32();
                if (read < announced)
                    stale.Add($"announced {announced}, read {read}");
                seen++;
            }
            return stale;
        });
        for (var n = 1; n <= publishes; n++)
            await grain.PublishAsync([Event($"e{n}", "turns/counter", $$"""{"n":{{n}}}""")]);

        Assert.Empty(await reactions.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task deactivation_writes_the_snapshot_a_grain_is_behind_on()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IEntityGrain>("turns/idle");
        await grain.PublishAsync([Event("1", "turns/idle", """{"a":1}""")]);
        // Changes no property, so its append stores no state: the snapshot stays one event behind.
        await grain.PublishAsync([Event("2", "turns/idle", "{}")]);
        Assert.Equal(1, (await silo.Snapshots.LoadAsync("turns/idle"))!.Position);

        await silo.DeactivateAsync(grain);

        Assert.Equal(2, (await silo.Snapshots.LoadAsync("turns/idle"))!.Position);
    }
}
