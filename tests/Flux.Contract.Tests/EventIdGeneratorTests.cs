using System.Collections.Concurrent;
using Flux.Contract;

namespace Flux.Contract.Tests;

public class EventIdGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ids_are_canonical_lowercase_uuid_v7_carrying_the_clock_millisecond()
    {
        var id = new EventIdGenerator(new ManualClock(Start)).NewId();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        var ms = Convert.ToInt64(id[..8] + id[9..13], 16);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), ms);
    }

    [Fact]
    public void ids_within_one_millisecond_strictly_increase()
    {
        var ids = new EventIdGenerator(new ManualClock(Start));
        var previous = ids.NewId();
        for (var i = 0; i < 10_000; i++)
        {
            var next = ids.NewId();
            Assert.True(string.CompareOrdinal(previous, next) < 0, $"{previous} !< {next}");
            previous = next;
        }
    }

    [Fact]
    public void ids_keep_increasing_when_the_clock_steps_back()
    {
        var clock = new ManualClock(Start);
        var ids = new EventIdGenerator(clock);
        var before = ids.NewId();
        clock.Now = Start.AddSeconds(-5);
        var after = ids.NewId();
        Assert.True(string.CompareOrdinal(before, after) < 0);
        Assert.Equal(before[..13], after[..13]); // still stamped with the latest millisecond seen
    }

    [Fact]
    public void a_new_millisecond_starts_a_fresh_random_counter()
    {
        var clock = new ManualClock(Start);
        var ids = new EventIdGenerator(clock);
        var first = ids.NewId();
        clock.Now = Start.AddMilliseconds(1);
        var second = ids.NewId();
        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.Equal(Start.ToUnixTimeMilliseconds() + 1, Convert.ToInt64(second[..8] + second[9..13], 16));
        // rand_a's top bit is kept clear for counter headroom.
        Assert.True(Convert.ToInt32(second[15..18], 16) < 0x800);
    }

    [Fact]
    public void concurrent_callers_get_distinct_ids_in_a_single_total_order()
    {
        var ids = new EventIdGenerator(TimeProvider.System);
        var perThread = new ConcurrentBag<List<string>>();
        Parallel.For(0, 4, _ =>
        {
            var mine = new List<string>(20_000);
            for (var i = 0; i < 20_000; i++)
            {
                mine.Add(ids.NewId());
            }

            perThread.Add(mine);
        });

        Assert.Equal(80_000, perThread.SelectMany(l => l).Distinct().Count());
        Assert.All(perThread, list => Assert.True(list.Zip(list.Skip(1)).All(p => string.CompareOrdinal(p.First, p.Second) < 0)));
    }

    [Fact]
    public void the_counter_carries_from_rand_b_into_rand_a()
    {
        // An all-ones seed puts rand_b at its maximum; the next id must carry into rand_a.
        var ids = new EventIdGenerator(new ManualClock(Start), seed => seed.Fill(0xFF));
        var first = ids.NewId();
        var second = ids.NewId();
        Assert.Equal("7ff-bfff-ffffffffffff", first[15..]);
        Assert.Equal("800-8000-000000000000", second[15..]);
        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.Equal(first[..13], second[..13]);
    }

    [Fact]
    public void separate_generators_do_not_collide()
    {
        var clock = new ManualClock(Start);
        var a = new EventIdGenerator(clock);
        var b = new EventIdGenerator(clock);
        Assert.NotEqual(a.NewId(), b.NewId());
    }
}
