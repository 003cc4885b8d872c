namespace Flux.Storage;

/// <summary>
/// At most <c>slots</c> requests to one store in flight from this process; the others wait their turn for
/// up to a queue timeout, then fail as <see cref="StorageUnavailableException"/>. A burst (a batch activating
/// thousands of entities) then queues here, where the wait is bounded on its own, instead of at the store, where
/// it would count against each request's timeout and fail requests the store would have answered.
/// </summary>
public sealed class RequestQueue(int slots, TimeSpan queueTimeout, string overloaded)
{
    private readonly SemaphoreSlim _free = new(slots);
    private int _inFlight;
    private int _mostInFlight;

    /// <summary>The most requests this queue ever had in flight at once.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public async Task<T> RunAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
    {
        if (!await _free.WaitAsync(queueTimeout, cancellationToken).ConfigureAwait(false))
            throw new StorageUnavailableException($"{overloaded}: no request of the {slots} in flight finished within {queueTimeout.TotalSeconds:0.#} s");
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = MostInFlight; now > seen && Interlocked.CompareExchange(ref _mostInFlight, now, seen) != seen; seen = MostInFlight)
        {
        }

        try
        {
            return await request().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _free.Release();
        }
    }
}
