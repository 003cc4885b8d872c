using Flux.Gateway.Http;

namespace Flux.Gateway.Publishing;

/// <summary>
/// Why an event was not accepted: the HTTP status and message of a single publish (docs/api.md §6.1), and
/// the error string of a batch item (§6.2).
/// </summary>
public sealed record PublishFailure(int Status, string Message, string BatchError, int RetryAfterSeconds = 0)
{
    public static PublishFailure Authorization(int status, string message) => new(status, message, $"authorization failed: {message}");

    public static PublishFailure RateLimited(int retryAfterSeconds) => new(429, "rate limit exceeded", "rate limit exceeded", retryAfterSeconds);

    /// <summary>A temporary failure (<see cref="Unavailability"/>): nothing was stored, a retry is safe.</summary>
    public static PublishFailure Unavailable(string reason) =>
        new(503, reason, $"publish failed: {reason}", Unavailability.RetryAfterSeconds);

    /// <summary>The events are larger than the entity's log stores at once; <paramref name="message"/> says what to send.</summary>
    public static PublishFailure TooLarge(string message) => new(413, message, $"publish failed: {message}");

    /// <summary>The cause is logged under <paramref name="correlationId"/>; its text is not the client's business.</summary>
    public static PublishFailure Storage(string correlationId) =>
        new(500, $"failed to store event: {InternalError.Message(correlationId)}", $"publish failed: {InternalError.Message(correlationId)}");
}
