namespace Flux.Nats;

/// <summary>A request got no reply in time.</summary>
public sealed class NatsTimeoutException(string subject, TimeSpan timeout)
    : NatsException($"request to '{subject}' timed out after {timeout.TotalMilliseconds:0} ms")
{
    public string Subject { get; } = subject;
}
