namespace Flux.Grains;

/// <summary>
/// docs/api.md §8: capacity L (the limit at the time of the check), created full, refilled continuously
/// at L/60 tokens a second, never above L; one token per event.
/// </summary>
internal sealed class TokenBucket
{
    private double _tokens = double.NaN;
    private DateTimeOffset _refilledAt;

    /// <summary>Takes up to <paramref name="count"/> tokens; returns how many, and if short, the seconds until one is back.</summary>
    public (int Admitted, int RetryAfterSeconds) Take(int count, int capacity, DateTimeOffset now)
    {
        _tokens = double.IsNaN(_tokens)
            ? capacity
            : Math.Min(_tokens + Math.Max(0, (now - _refilledAt).TotalSeconds) * capacity / 60.0, capacity);
        _refilledAt = now;

        var admitted = (int)Math.Min(count, Math.Floor(_tokens));
        _tokens -= admitted;
        if (admitted == count)
            return (admitted, 0);
        var secondsToNextToken = (1 - _tokens) * 60.0 / capacity;
        return (admitted, (int)Math.Clamp(Math.Ceiling(secondsToNextToken), 1, 60));
    }
}
