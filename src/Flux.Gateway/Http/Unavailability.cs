using Flux.Grains.Interfaces;
using Flux.Storage;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Flux.Gateway.Http;

/// <summary>
/// Failures that mean "not now" rather than "broken": a store or the entity's log is unreachable, the entity
/// is reloading after a refused append, or the silo holding it is gone or unreachable (the cluster moves its
/// grains to another silo once membership declares it dead). Clients get 503 with the reason and <c>Retry-After</c> (docs/api.md §2.9),
/// and may retry: event ids make a retry idempotent.
/// </summary>
public static class Unavailability
{
    public const int RetryAfterSeconds = 1;

    /// <summary>The reason to give the client, or null when <paramref name="failure"/> is not a temporary one.</summary>
    public static string? Reason(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is EntityUnavailableException or StorageUnavailableException)
                return e.Message;
            if (e is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException)
                return "the silo holding this entity is unreachable; retry";
        }
        return null;
    }
}
