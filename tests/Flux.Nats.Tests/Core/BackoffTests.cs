using Flux.Nats.Internal;

namespace Flux.Nats.Tests.Core;

public sealed class BackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

    [Fact]
    public void delays_double_per_attempt_until_the_cap()
    {
        var ceilings = Enumerable.Range(0, 10).Select(a => Backoff.Delay(Min, Max, a, random: 0.999999)).ToList();

        Near(TimeSpan.FromMilliseconds(50), ceilings[0]);
        Near(TimeSpan.FromMilliseconds(100), ceilings[1]);
        Near(TimeSpan.FromMilliseconds(800), ceilings[4]);
        Assert.All(ceilings.Skip(6), d => Near(Max, d));
        Near(Max, Backoff.Delay(Min, Max, int.MaxValue, 0.999999));
    }

    [Fact]
    public void jitter_spreads_each_delay_over_the_upper_half_of_its_window()
    {
        var low = Backoff.Delay(Min, Max, 3, random: 0);
        var high = Backoff.Delay(Min, Max, 3, random: 0.999999);
        var samples = Enumerable.Range(0, 100).Select(i => Backoff.Delay(Min, Max, 3, i / 100.0)).Distinct().Count();

        Assert.Equal(TimeSpan.FromMilliseconds(200), low);
        Near(TimeSpan.FromMilliseconds(400), high);
        Assert.True(samples > 50);
    }

    private static void Near(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual, expected - TimeSpan.FromMilliseconds(1), expected + TimeSpan.FromMilliseconds(1));
}
