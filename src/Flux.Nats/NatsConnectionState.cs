namespace Flux.Nats;

public enum NatsConnectionState
{
    Closed,
    Connecting,
    Open,
    Reconnecting,
}
