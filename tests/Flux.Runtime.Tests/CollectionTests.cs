namespace Flux.Runtime.Tests;

public sealed class CollectionTests
{
    [Fact]
    public async Task activations_idle_longer_than_the_timeout_are_collected()
    {
        await using var harness = new RuntimeHarness(o => o.IdleTimeout = TimeSpan.FromMinutes(10));
        await harness.Grain("old").GetActivationAsync();
        await harness.Grain("recent").GetActivationAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(6));
        await harness.Grain("recent").GetActivationAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        await harness.Runtime.CollectIdleAsync(CancellationToken.None);

        Assert.Equal([("old", 1, DeactivationReason.IdleCollected)], harness.Probe.Deactivations.ToArray());
        Assert.Equal(1, harness.Runtime.ActivationCount);
        Assert.Equal(2, await harness.Grain("recent").GetActivationAsync()); // still the same activation
    }

    [Fact]
    public async Task a_busy_activation_is_not_collected_however_old_its_last_call()
    {
        await using var harness = new RuntimeHarness(o => o.IdleTimeout = TimeSpan.FromMinutes(1));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await harness.Grain("a").GetActivationAsync();
        var running = harness.Grain("a").WriteAsync(gate.Task);
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        await harness.Runtime.CollectIdleAsync(CancellationToken.None);

        Assert.Empty(harness.Probe.Deactivations);
        gate.SetResult();
        Assert.Equal(1, await running);
    }

    [Fact]
    public async Task past_the_cap_the_least_recently_used_idle_activations_go()
    {
        await using var harness = new RuntimeHarness(o => o.MaxActivations = 3);
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            await harness.Grain(key).GetActivationAsync();
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await harness.Grain("k1").GetActivationAsync(); // k1 is now the most recently used
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Grain("k4").GetActivationAsync();
        await RuntimeHarness.Eventually(() => harness.Probe.Deactivations.Count == 1, "one eviction");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Grain("k5").GetActivationAsync();
        await RuntimeHarness.Eventually(() => harness.Probe.Deactivations.Count == 2, "second eviction");

        Assert.Equal(
            [("k2", 2, DeactivationReason.CapacityExceeded), ("k3", 3, DeactivationReason.CapacityExceeded)],
            harness.Probe.Deactivations.ToArray());
        Assert.Equal(3, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task a_busy_activation_is_not_evicted_for_capacity_even_when_oldest()
    {
        await using var harness = new RuntimeHarness(o => o.MaxActivations = 2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = harness.Grain("busy").WriteAsync(gate.Task); // the oldest, but busy: never evicted
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Grain("a").GetActivationAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Grain("b").GetActivationAsync();

        await RuntimeHarness.Eventually(() => harness.Runtime.ActivationCount == 2, "trim to the cap");
        await harness.Runtime.CollectIdleAsync(CancellationToken.None);

        Assert.Equal([("a", 2, DeactivationReason.CapacityExceeded)], harness.Probe.Deactivations.ToArray());
        gate.SetResult();
        Assert.Equal(1, await busy);
    }
}
