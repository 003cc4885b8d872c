using Flux.Contract;

namespace Flux.Contract.Tests;

public class ServerTimeTests
{
    [Fact]
    public void format_is_utc_with_six_fraction_digits_and_plus_zero_offset()
    {
        var value = new DateTimeOffset(2026, 2, 25, 9, 15, 42, TimeSpan.Zero).AddTicks(3_182_049);
        Assert.Equal("2026-02-25T09:15:42.318204+00:00", ServerTime.Format(value));
    }

    [Fact]
    public void format_converts_other_offsets_to_utc()
    {
        var value = new DateTimeOffset(2026, 2, 25, 1, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal("2026-02-24T23:00:00.000000+00:00", ServerTime.Format(value));
    }

    [Fact]
    public void truncation_drops_sub_microsecond_ticks_and_keeps_the_instant_in_utc()
    {
        var value = new DateTimeOffset(2026, 2, 25, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var truncated = ServerTime.TruncateToMicroseconds(value);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
        Assert.Equal(value.UtcTicks - 7, truncated.UtcTicks);
    }

    [Fact]
    public void a_truncated_time_round_trips_through_its_wire_form()
    {
        var truncated = ServerTime.TruncateToMicroseconds(new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero).AddTicks(9_999_999));
        Assert.True(ServerTime.TryParseSince(ServerTime.Format(truncated), out var parsed));
        Assert.Equal(truncated, parsed);
        Assert.Equal(truncated.UtcTicks, parsed.UtcTicks);
    }

    [Theory]
    [InlineData("2026-02-25T00:00:00Z", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2026-02-25t00:00:00z", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2026-02-25T00:00:00+00:00", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2026-02-25T00:00:00 00:00", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2026-02-25T02:30:00 02:30", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2026-02-24T19:00:00-05:00", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2026-02-25T00:00:00.5Z", "2026-02-25T00:00:00.5000000+00:00")]
    [InlineData("2026-02-25T09:15:42.318204+00:00", "2026-02-25T09:15:42.3182040+00:00")]
    [InlineData("2026-02-25T09:15:42.123456789Z", "2026-02-25T09:15:42.1234567+00:00")]
    [InlineData("2026-02-25 00:00:00Z", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2026-02-25T00:00:00", "2026-02-25T00:00:00.0000000+00:00")]
    [InlineData("2024-02-29T23:59:59Z", "2024-02-29T23:59:59.0000000+00:00")]
    public void since_accepts_rfc3339_forms(string text, string expectedUtc)
    {
        Assert.True(ServerTime.TryParseSince(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void since_keeps_the_submitted_offset_as_the_same_instant()
    {
        Assert.True(ServerTime.TryParseSince("2026-02-25T01:00:00+01:00", out var value));
        Assert.Equal(new DateTimeOffset(2026, 2, 25, 0, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-02-25")]
    [InlineData("2026-02-25T00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2025-02-29T00:00:00Z")]
    [InlineData("2026-02-25T24:00:00Z")]
    [InlineData("2026-02-25T00:60:00Z")]
    [InlineData("2026-02-25T00:00:60Z")]
    [InlineData("2026-02-25T00:00:00.Z")]
    [InlineData("2026-02-25T00:00:00+0000")]
    [InlineData("2026-02-25T00:00:00+24:00")]
    [InlineData("2026-02-25T00:00:00Zjunk")]
    [InlineData("2026-02-25X00:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("١٢٣٤-02-25T00:00:00Z")]
    [InlineData("1740441600")]
    public void since_rejects_everything_else(string? text) => Assert.False(ServerTime.TryParseSince(text, out _));
}
