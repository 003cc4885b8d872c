namespace Flux.Nats.JetStream;

public sealed record NatsJSOpts
{
    public string ApiPrefix { get; init; } = "$JS.API";
    /// <summary>Wait for API replies and publish acks; null uses the connection's request timeout.</summary>
    public TimeSpan? RequestTimeout { get; init; }
}
