namespace Flux.Runtime.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task timer_ticks_run_on_schedule()
    {
        await using var harness = new RuntimeHarness();
        await harness.Grain("a").StartTimerAsync(TimeSpan.FromSeconds(10));

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await RuntimeHarness.Eventually(() => harness.Probe.Ticks == 1, "first tick");
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await RuntimeHarness.Eventually(() => harness.Probe.Ticks == 2, "second tick");
    }

    [Fact]
    public async Task a_tick_waits_for_the_running_call_like_any_turn()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = harness.Grain("a");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(10));

        var running = grain.WriteAsync(gate.Task);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await RuntimeHarness.Settle();
        Assert.Equal(0, harness.Probe.Ticks);

        gate.SetResult();
        await running;
        await RuntimeHarness.Eventually(() => harness.Probe.Ticks == 1, "the tick after the call");
        Assert.False(harness.Probe.OverlapSeen);
        Assert.Equal(["write-enter a", "write-exit a", "tick a"], harness.Probe.Events.Skip(1).ToArray());
    }

    [Fact]
    public async Task ticks_due_while_one_is_waiting_are_skipped_not_piled_up()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = harness.Grain("a");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1));

        var running = grain.WriteAsync(gate.Task);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        gate.SetResult();
        await running;
        await RuntimeHarness.Eventually(() => harness.Probe.Ticks == 1, "one tick");
        await RuntimeHarness.Settle();

        Assert.Equal(1, harness.Probe.Ticks);
    }

    [Fact]
    public async Task timers_stop_when_the_activation_deactivates()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain("a");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(10));
        await grain.DeactivateOnIdleAsync();
        await RuntimeHarness.Eventually(() => harness.Probe.Deactivations.Count == 1, "deactivation");

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await RuntimeHarness.Settle();

        Assert.Equal(0, harness.Probe.Ticks);
        Assert.Equal(0, harness.Runtime.ActivationCount); // a tick does not bring the grain back
    }
}
