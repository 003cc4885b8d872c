using System.Text;

namespace Flux.Storage.Postgres.Tests;

internal static class TestStates
{
    public static readonly DateTimeOffset Start = new(2026, 2, 25, 9, 15, 42, TimeSpan.Zero);

    public static EntitySnapshot State(string id, string propertiesJson, long position = 1, DateTimeOffset? at = null) =>
        new(id, Encoding.UTF8.GetBytes(propertiesJson), at ?? Start, position);

    public static EntitySnapshot Deleted(string id, long position, DateTimeOffset? at = null) => new(id, null, at ?? Start, position);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes; a timeout fails the test with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline) Assert.Fail($"not within {deadline.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }
}
