using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.KeyValue;

/// <summary>Creates and opens KV buckets.</summary>
public sealed class NatsKVContext(NatsJSContext js)
{
    public async ValueTask<NatsKVStore> CreateStoreAsync(NatsKVConfig config, CancellationToken ct = default)
    {
        NatsJSContext.ValidateName(config.Bucket, "bucket");
        ArgumentOutOfRangeException.ThrowIfLessThan(config.History, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(config.History, 64);
        var window = TimeSpan.FromMinutes(2);
        await js.CreateStreamAsync(new StreamConfig($"KV_{config.Bucket}", [$"$KV.{config.Bucket}.>"])
        {
            Description = config.Description,
            MaxMsgsPerSubject = config.History,
            MaxAge = config.MaxAge,
            MaxBytes = config.MaxBytes,
            MaxMsgSize = config.MaxValueSize,
            Storage = config.Storage,
            Discard = StreamConfigDiscard.New,
            DuplicateWindow = config.MaxAge > TimeSpan.Zero && config.MaxAge < window ? config.MaxAge : window,
            AllowRollupHdrs = true,
            DenyDelete = true,
            AllowDirect = true,
        }, ct).ConfigureAwait(false);
        return new NatsKVStore(js, config.Bucket);
    }

    /// <summary>Opens an existing bucket (fails with the stream-not-found API error if it does not exist).</summary>
    public async ValueTask<NatsKVStore> GetStoreAsync(string bucket, CancellationToken ct = default)
    {
        NatsJSContext.ValidateName(bucket, "bucket");
        await js.GetStreamAsync($"KV_{bucket}", ct: ct).ConfigureAwait(false);
        return new NatsKVStore(js, bucket);
    }

    public ValueTask<bool> DeleteStoreAsync(string bucket, CancellationToken ct = default) => js.DeleteStreamAsync($"KV_{bucket}", ct);
}
