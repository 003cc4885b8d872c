using Flux.Grains.Interfaces;

namespace Flux.Grains.Tests.Configuration;

public sealed class RuntimeLimitsGrainTests : IDisposable
{
    private static readonly RuntimeLimits Configured = new();

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task a_new_activation_holds_nothing_until_a_process_hands_it_the_copy_it_holds()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IRuntimeLimitsGrain>(IRuntimeLimitsGrain.Key);
        Assert.Null(await grain.SyncAsync(null));

        var changed = await grain.ChangeAsync(new SharedRuntimeLimits(0, Configured), new RuntimeLimitsChange(null, 600, null, null));
        await silo.DeactivateAsync(grain);
        Assert.Null(await grain.SyncAsync(null));

        Assert.Equal(changed, await grain.SyncAsync(changed));
        Assert.Equal(changed, await grain.SyncAsync(null));
        Assert.Equal(600, changed.Limits.RateLimitPerNamespacePerMinute);
        Assert.Equal(Configured.BodySizeLimitBatchBytes, changed.Limits.BodySizeLimitBatchBytes);
    }

    [Fact]
    public async Task a_change_made_on_a_new_activation_wins_over_an_older_copy_handed_in_later()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IRuntimeLimitsGrain>(IRuntimeLimitsGrain.Key);
        var older = await grain.ChangeAsync(new SharedRuntimeLimits(0, Configured), new RuntimeLimitsChange(null, 600, null, null));
        await silo.DeactivateAsync(grain);

        var newer = await grain.ChangeAsync(new SharedRuntimeLimits(0, Configured), new RuntimeLimitsChange(false, null, null, null));

        Assert.True(newer.Version > older.Version);
        Assert.Equal(newer, await grain.SyncAsync(older));
    }

    [Fact]
    public async Task a_change_applies_to_the_callers_copy_when_that_is_newer_than_what_the_grain_holds()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<IRuntimeLimitsGrain>(IRuntimeLimitsGrain.Key);
        var callers = new SharedRuntimeLimits(long.MaxValue / 2, Configured with { BodySizeLimitSingleBytes = 2048 });

        var changed = await grain.ChangeAsync(callers, new RuntimeLimitsChange(null, 600, null, null));

        Assert.Equal(Configured with { BodySizeLimitSingleBytes = 2048, RateLimitPerNamespacePerMinute = 600 }, changed.Limits);
        Assert.Equal(callers.Version + 1, changed.Version);
    }
}
