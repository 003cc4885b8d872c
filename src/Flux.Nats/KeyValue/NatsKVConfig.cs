using Flux.Nats.JetStream.Models;

namespace Flux.Nats.KeyValue;

/// <summary>A bucket: a stream <c>KV_&lt;bucket&gt;</c> over <c>$KV.&lt;bucket&gt;.&gt;</c> keeping <see cref="History"/> values per key.</summary>
public sealed record NatsKVConfig(string Bucket)
{
    public string? Description { get; init; }
    public int History { get; init; } = 1;
    public TimeSpan MaxAge { get; init; }
    public long? MaxBytes { get; init; }
    public int? MaxValueSize { get; init; }
    public StreamConfigStorage Storage { get; init; } = StreamConfigStorage.File;
}
