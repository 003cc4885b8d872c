namespace Flux.Nats;

/// <summary>The server answered a request with status 503: nobody is subscribed to the subject.</summary>
public sealed class NatsNoRespondersException(string subject)
    : NatsException($"no responders for '{subject}'")
{
    public string Subject { get; } = subject;
}
