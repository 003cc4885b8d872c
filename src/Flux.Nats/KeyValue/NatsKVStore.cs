using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.KeyValue;

/// <summary>
/// KV on a stream: a key is the subject <c>$KV.&lt;bucket&gt;.&lt;key&gt;</c>, its revision is the stream
/// sequence of its last message, and CAS is the expected-last-subject-sequence header. Deletes are
/// messages with a <c>KV-Operation</c> header, so reads treat them as absence.
/// </summary>
public sealed class NatsKVStore(NatsJSContext js, string bucket) : INatsKVStore
{
    private const string OperationHeader = "KV-Operation";

    public string Bucket { get; } = bucket;
    public string Stream => "KV_" + Bucket;

    public async ValueTask<ulong> PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken ct = default) =>
        (await js.PublishAsync(Subject(key), value, ct: ct).ConfigureAwait(false)).Seq;

    public async ValueTask<ulong> UpdateAsync(string key, ReadOnlyMemory<byte> value, ulong revision, CancellationToken ct = default)
    {
        try
        {
            var ack = await js.PublishAsync(Subject(key), value, opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = revision }, ct: ct).ConfigureAwait(false);
            return ack.Seq;
        }
        catch (NatsJSWrongLastSequenceException ex)
        {
            throw new NatsKVWrongLastRevisionException(key, revision, ex);
        }
    }

    public async ValueTask<ulong> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken ct = default)
    {
        try
        {
            return await UpdateAsync(key, value, 0, ct).ConfigureAwait(false);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            // A deleted key may be created again: CAS on the delete marker's revision.
            var last = await GetLastAsync(key, ct).ConfigureAwait(false);
            if (last is null || last.Operation == NatsKVOperation.Put) throw;
            return await UpdateAsync(key, value, last.Revision, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask<NatsKVEntry?> GetEntryAsync(string key, CancellationToken ct = default)
    {
        var entry = await GetLastAsync(key, ct).ConfigureAwait(false);
        return entry is { Operation: NatsKVOperation.Put } ? entry : null;
    }

    public async ValueTask DeleteAsync(string key, ulong? revision = null, CancellationToken ct = default)
    {
        var headers = new NatsHeaders { { OperationHeader, "DEL" } };
        try
        {
            await js.PublishAsync(Subject(key), ReadOnlyMemory<byte>.Empty, headers,
                revision is { } r ? new NatsJSPubOpts { ExpectedLastSubjectSequence = r } : null, ct).ConfigureAwait(false);
        }
        catch (NatsJSWrongLastSequenceException ex)
        {
            throw new NatsKVWrongLastRevisionException(key, revision ?? 0, ex);
        }
    }

    private async ValueTask<NatsKVEntry?> GetLastAsync(string key, CancellationToken ct)
    {
        NatsJSStoredMsg msg;
        try
        {
            msg = await js.GetMsgAsync(Stream, new StreamMsgGetRequest { LastBySubj = Subject(key) }, ct).ConfigureAwait(false);
        }
        catch (NatsJSMsgNotFoundException)
        {
            return null;
        }
        var operation = msg.Headers?[OperationHeader] switch
        {
            "DEL" => NatsKVOperation.Del,
            "PURGE" => NatsKVOperation.Purge,
            _ => NatsKVOperation.Put,
        };
        return new NatsKVEntry(Bucket, key, msg.Data, msg.Sequence, msg.Time, operation);
    }

    private string Subject(string key)
    {
        if (string.IsNullOrEmpty(key) || key[0] == '.' || key[^1] == '.' || !key.All(IsKeyChar))
            throw new ArgumentException($"invalid key '{key}': use letters, digits and - / _ = . (not at the ends)", nameof(key));
        return $"$KV.{Bucket}.{key}";
    }

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '_' or '=' or '.';
}
