namespace Flux.Storage.Sqlite;

/// <summary>
/// Times are stored as integer microseconds since the Unix epoch: the precision the contract prints
/// (docs/api.md §2.6), so a stored <c>lastUpdated</c> reads back exactly as it was served. Sub-microsecond ticks are dropped.
/// </summary>
internal static class UnixMicroseconds
{
    private const long TicksPerMicrosecond = 10;

    public static long From(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    public static DateTimeOffset ToTime(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + microseconds * TicksPerMicrosecond, TimeSpan.Zero);
}
