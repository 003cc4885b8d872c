using Flux.Grains;

namespace Flux.Grains.Tests.Namespaces;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_new_bucket_is_full()
    {
        var bucket = new TokenBucket();
        Assert.Equal((5, 0), bucket.Take(5, capacity: 5, T0));
    }

    [Fact]
    public void with_capacity_one_the_second_event_is_refused_with_a_retry_after_of_a_minute()
    {
        var bucket = new TokenBucket();
        Assert.Equal((1, 0), bucket.Take(1, capacity: 1, T0));
        Assert.Equal((0, 60), bucket.Take(1, capacity: 1, T0));
    }

    [Fact]
    public void tokens_refill_continuously_at_capacity_per_minute()
    {
        var bucket = new TokenBucket();
        bucket.Take(60, capacity: 60, T0);
        Assert.Equal((0, 1), bucket.Take(1, capacity: 60, T0.AddMilliseconds(500)));
        Assert.Equal((1, 0), bucket.Take(1, capacity: 60, T0.AddMilliseconds(1000)));
        Assert.Equal((10, 0), bucket.Take(10, capacity: 60, T0.AddSeconds(11)));
    }

    [Fact]
    public void a_partial_batch_admits_the_first_events_only()
    {
        var bucket = new TokenBucket();
        var (admitted, retryAfter) = bucket.Take(8, capacity: 3, T0);
        Assert.Equal(3, admitted);
        Assert.InRange(retryAfter, 1, 60);
    }

    [Fact]
    public void refill_never_exceeds_the_current_capacity()
    {
        var bucket = new TokenBucket();
        bucket.Take(1, capacity: 100, T0);
        Assert.Equal(10, bucket.Take(50, capacity: 10, T0.AddHours(1)).Admitted);
    }
}
