using Flux.Nats.JetStream;

namespace Flux.Nats.KeyValue;

/// <summary>A compare-and-set lost: the key is not at the expected revision (or, for create, already exists).</summary>
public sealed class NatsKVWrongLastRevisionException(string key, ulong expected, NatsJSWrongLastSequenceException inner)
    : NatsException($"key '{key}' is not at revision {expected}" + (inner.ActualLastSequence is { } a ? $" (it is at {a})" : ""), inner)
{
    public string Key { get; } = key;
    public ulong ExpectedRevision { get; } = expected;
    public ulong? ActualRevision { get; } = inner.ActualLastSequence;
}
