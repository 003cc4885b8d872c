namespace Flux.Nats;

/// <summary>Base of every failure this client reports.</summary>
public class NatsException : Exception
{
    public NatsException(string message) : base(message) { }
    public NatsException(string message, Exception? inner) : base(message, inner) { }
}
