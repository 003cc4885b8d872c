namespace Flux.Testing;

/// <summary>Polls a condition until it holds or a deadline passes; no fixed sleeps in tests.</summary>
public static class Eventually
{
    /// <summary>Re-reads a value until <paramref name="accept"/> holds; fails with the last value seen.</summary>
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (accept(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} did not hold within {timeout}; last value: {value}");
            await Task.Delay(50);
        }
    }
}
