using System.Diagnostics;
using Flux.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Flux.Runtime.Tests;

/// <summary>
/// Measures the runtime's own cost with a grain that does nothing: bytes held per idle activation and the
/// time and allocation of an uncontended call. Bounds are loose (shared CI machines); the figures are
/// written to the test output (<c>dotnet test --logger "console;verbosity=detailed"</c>).
/// </summary>
public sealed class FootprintTests(ITestOutputHelper output)
{
    [Fact]
    public async Task an_idle_activation_of_a_trivial_grain_holds_a_few_hundred_bytes_at_most()
    {
        const int count = 200_000;
        await using var services = EchoServices(maxActivations: 1_000_000);
        var factory = services.GetRequiredService<IGrainFactory>();
        var references = Enumerable.Range(0, count).Select(i => factory.GetGrain<IEchoGrain>($"key-{i}")).ToArray();
        await references[0].EchoAsync(0); // runtime, dictionary and type caches exist before the baseline
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 1; i < count; i++) await references[i].EchoAsync(i);

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perActivation = (after - before) / (double)(count - 1);
        output.WriteLine($"{count} idle activations: {perActivation:F0} bytes each (grain, activation, dictionary entry; key strings excluded)");
        Assert.Equal(count, services.GetRequiredService<IGrainRuntimeStatistics>().ActivationCount);
        Assert.InRange(perActivation, 1, 400);
        GC.KeepAlive(references);
    }

    [Fact]
    public async Task an_uncontended_call_costs_well_under_a_microsecond_and_allocates_only_the_call_and_its_task()
    {
        await using var services = EchoServices(maxActivations: 10);
        var grain = services.GetRequiredService<IGrainFactory>().GetGrain<IEchoGrain>("hot");
        var direct = new EchoGrain();
        await MeasureAsync(grain, batches: 2); // activation and JIT warm-up
        await MeasureAsync(direct, batches: 2);

        // The machine is shared, so the fastest of several batches is the figure; the same for a direct call
        // on the grain object shows what the runtime adds.
        var (viaRuntime, allocated) = await MeasureAsync(grain, batches: 20);
        var (directly, _) = await MeasureAsync(direct, batches: 20);

        output.WriteLine($"uncontended call: {viaRuntime:F0} ns through reference and runtime, {directly:F0} ns on the grain object, " +
                         $"overhead {viaRuntime - directly:F0} ns; {allocated:F0} bytes allocated per call (call record + Task<int>)");
        Assert.InRange(allocated, 0, 120);
        Assert.InRange(viaRuntime - directly, -1_000, 2_000); // the target is well under 1 µs; this only catches a broken fast path
    }

    [Fact]
    public async Task a_stream_of_distinct_keys_stays_within_the_cap()
    {
        const int cap = 5_000, keys = 100_000;
        await using var services = EchoServices(maxActivations: cap);
        var factory = services.GetRequiredService<IGrainFactory>();
        var statistics = services.GetRequiredService<IGrainRuntimeStatistics>();
        var peak = 0;

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < keys; i++)
        {
            await factory.GetGrain<IEchoGrain>($"key-{i}").EchoAsync(i);
            peak = Math.Max(peak, statistics.ActivationCount);
        }

        await RuntimeHarness.Eventually(() => statistics.ActivationCount <= cap, "trim to the cap");
        output.WriteLine($"{keys} distinct keys, cap {cap}: peak {peak} resident, {statistics.TotalDeactivations} evicted, " +
                         $"{clock.Elapsed.TotalMicroseconds / keys:F1} µs per first call");
        Assert.True(statistics.TotalDeactivations >= keys - cap);
        Assert.InRange(peak, cap, cap * 2); // eviction keeps up with activation
    }

    /// <summary>Fastest nanoseconds per call over the batches, and bytes allocated per call.</summary>
    private static async Task<(double Nanoseconds, double Bytes)> MeasureAsync(IEchoGrain grain, int batches)
    {
        const int callsPerBatch = 20_000;
        var fastest = double.MaxValue;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var batch = 0; batch < batches; batch++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < callsPerBatch; i++) await grain.EchoAsync(i);
            fastest = Math.Min(fastest, clock.Elapsed.TotalNanoseconds / callsPerBatch);
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(batches * callsPerBatch);
        return (fastest, bytes);
    }

    private static ServiceProvider EchoServices(int maxActivations)
    {
        var services = new ServiceCollection();
        services.AddGrainRuntime(o => o.MaxActivations = maxActivations)
            .AddGrain<IEchoGrain, EchoGrain>("echo", (id, dispatcher) => new EchoGrainReference(id, dispatcher));
        return services.BuildServiceProvider();
    }
}
