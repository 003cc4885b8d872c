namespace Flux.Nats.KeyValue;

/// <summary>A key's value at a revision (the stream sequence that stored it).</summary>
public sealed record NatsKVEntry(string Bucket, string Key, ReadOnlyMemory<byte> Value, ulong Revision, DateTimeOffset Created, NatsKVOperation Operation);
