namespace Flux.Nats;

/// <summary>The server sent <c>-ERR</c> (e.g. 'Authorization Violation').</summary>
public sealed class NatsServerErrorException(string error) : NatsException($"server error: {error}")
{
    public string Error { get; } = error;
}
