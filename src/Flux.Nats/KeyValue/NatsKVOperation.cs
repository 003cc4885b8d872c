namespace Flux.Nats.KeyValue;

public enum NatsKVOperation
{
    Put,
    Del,
    Purge,
}
