namespace Flux.Gateway.Http;

/// <summary>
/// What a client is told about a failure inside the server: that it happened, and the correlation id under
/// which the server logged the cause. Exception text stays in the log: it may describe files, queries or code.
/// </summary>
public static class InternalError
{
    public static string Message(string correlationId) =>
        $"internal error (correlation id {correlationId}); the server logged the cause, retry later or report the id";
}
