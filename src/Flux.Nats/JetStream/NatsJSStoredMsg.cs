namespace Flux.Nats.JetStream;

/// <summary>A message read back from a stream by a get request.</summary>
public sealed record NatsJSStoredMsg(string Subject, ulong Sequence, NatsHeaders? Headers, ReadOnlyMemory<byte> Data, DateTimeOffset Time);
