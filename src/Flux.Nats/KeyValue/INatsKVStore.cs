namespace Flux.Nats.KeyValue;

/// <summary>A key/value bucket on JetStream with revision-based compare-and-set.</summary>
public interface INatsKVStore
{
    string Bucket { get; }

    /// <summary>Stores a value unconditionally; returns its revision.</summary>
    ValueTask<ulong> PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken ct = default);
    /// <summary>Stores only if the key does not exist (or was deleted).</summary>
    ValueTask<ulong> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken ct = default);
    /// <summary>Stores only if the key is still at <paramref name="revision"/>; otherwise <see cref="NatsKVWrongLastRevisionException"/>.</summary>
    ValueTask<ulong> UpdateAsync(string key, ReadOnlyMemory<byte> value, ulong revision, CancellationToken ct = default);
    /// <summary>The current entry, or null when the key is missing or deleted.</summary>
    ValueTask<NatsKVEntry?> GetEntryAsync(string key, CancellationToken ct = default);
    /// <summary>Marks the key deleted (history is kept up to the bucket's limit).</summary>
    ValueTask DeleteAsync(string key, ulong? revision = null, CancellationToken ct = default);
}
