using Flux.Runtime.Tests.Grains;

namespace Flux.Runtime.Tests;

public sealed class ActivationTests
{
    [Fact]
    public async Task concurrent_first_calls_share_one_activation()
    {
        await using var harness = new RuntimeHarness();
        harness.Probe.ActivationDelay = TimeSpan.FromMilliseconds(50);
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 32)
            .Select(_ => Task.Run(() => { start.Wait(); return harness.Grain("a").GetActivationAsync(); }))
            .ToArray();
        start.Set();
        var seen = await Task.WhenAll(calls);

        Assert.All(seen, n => Assert.Equal(1, n));
        Assert.Equal(1, harness.Probe.Activations);
        Assert.Equal(1, harness.Runtime.ActivationCount);
        Assert.Equal(32, harness.Runtime.CallsTotal);
    }

    [Fact]
    public async Task distinct_keys_get_distinct_activations()
    {
        await using var harness = new RuntimeHarness();

        Assert.Equal(1, await harness.Grain("a").GetActivationAsync());
        Assert.Equal(2, await harness.Grain("b").GetActivationAsync());
        Assert.Equal(1, await harness.Grain("a").GetActivationAsync());
        Assert.Equal(2, harness.Runtime.ActivationCount);
        Assert.Equal(2, harness.Runtime.TotalActivations);
    }

    [Fact]
    public async Task a_failed_activation_fails_the_waiting_calls_and_the_next_call_retries()
    {
        await using var harness = new RuntimeHarness();
        harness.Probe.FailNextActivations(1);
        harness.Probe.ActivationDelay = TimeSpan.FromMilliseconds(50);

        var first = harness.Grain("a").GetActivationAsync();
        var second = harness.Grain("a").GetActivationAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Equal("activation of a failed on purpose", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(0, harness.Runtime.ActivationCount);

        Assert.Equal(2, await harness.Grain("a").GetActivationAsync());
        Assert.Equal(1, harness.Runtime.ActivationCount);
        Assert.Empty(harness.Probe.Deactivations); // a grain that never activated is not asked to deactivate
    }

    [Fact]
    public async Task a_grain_type_that_is_not_registered_fails_the_call()
    {
        await using var harness = new RuntimeHarness();
        var stranger = new ProbeGrainReference(new GrainId("nobody", "x"), harness.Runtime);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stranger.GetActivationAsync());

        Assert.Contains("nobody", error.Message);
        Assert.Equal(0, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task deactivate_on_idle_deactivates_after_the_turn_and_the_next_call_gets_a_fresh_activation()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain("a");

        Assert.Equal(1, await grain.DeactivateOnIdleAsync());
        await RuntimeHarness.Eventually(() => harness.Probe.Deactivations.Count == 1, "deactivation");

        Assert.Equal(("a", 1, DeactivationReason.Requested), harness.Probe.Deactivations.Single());
        Assert.Equal(2, await grain.GetActivationAsync());
        Assert.Equal(1, harness.Runtime.TotalDeactivations);
    }

    [Fact]
    public async Task a_call_during_deactivation_waits_and_lands_on_a_new_activation()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Probe.DeactivationGate = gate.Task;
        var grain = harness.Grain("a");

        Assert.Equal(1, await grain.DeactivateOnIdleAsync());
        await RuntimeHarness.Eventually(() => harness.Probe.Events.Contains("deactivating a #1"), "deactivation to start");

        var call = grain.GetActivationAsync();
        await RuntimeHarness.Settle();
        Assert.False(call.IsCompleted);
        Assert.Equal(1, harness.Probe.Activations); // no new activation while the old one writes its state

        gate.SetResult();
        Assert.Equal(2, await call);
        Assert.Equal(["activate a #1", "deactivating a #1", "deactivated a #1", "activate a #2"], harness.Probe.Events.ToArray());
    }

    [Fact]
    public async Task invalid_options_fail_when_the_runtime_is_resolved()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new RuntimeHarness(o => { o.MaxActivations = 0; o.IdleTimeout = TimeSpan.Zero; }));

        Assert.Contains(error.Failures, f => f.Contains(nameof(GrainRuntimeOptions.MaxActivations), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(GrainRuntimeOptions.IdleTimeout), StringComparison.Ordinal));
        await Task.CompletedTask;
    }
}
