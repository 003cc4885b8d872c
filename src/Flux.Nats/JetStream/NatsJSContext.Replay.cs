using System.Runtime.CompilerServices;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>
/// Ordered replay of one subject, what an entity needs on activation: an ephemeral, unacknowledged,
/// memory-backed pull consumer filtered to the subject and starting at the requested sequence is
/// drained in batches. Order is checked with the consumer sequence: a gap, a pull that brings nothing
/// while messages are pending, or a consumer that vanished (deleted, or lost with a restarted server)
/// recreates the consumer from the last stream sequence seen, so no message is skipped or repeated.
/// The replay ends at the message whose pending count is zero: the subject's state when it was read.
/// </summary>
public sealed partial class NatsJSContext
{
    private const int ReplayBatch = 256;

    public async IAsyncEnumerable<NatsJSMsg> ReplaySubjectAsync(string stream, string subject, ulong fromSequence = 1,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var next = Math.Max(1, fromSequence);
        var stalls = 0;
        while (true)
        {
            var consumer = await CreateOrUpdateConsumerAsync(stream, new ConsumerConfig
            {
                FilterSubject = subject,
                DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = next,
                AckPolicy = ConsumerConfigAckPolicy.None,
                MemStorage = true,
                InactiveThreshold = TimeSpan.FromSeconds(30),
            }, ct).ConfigureAwait(false);

            var expected = 1UL;
            var pending = consumer.Info.NumPending;
            var restart = false;
            try
            {
                while (pending > 0 && !restart)
                {
                    var batch = await FetchBatchAsync(consumer, ct).ConfigureAwait(false);
                    // Nothing came although messages are pending: the consumer is gone or the pull was lost.
                    if (batch is null || batch.Count == 0) { restart = true; break; }
                    foreach (var msg in batch)
                    {
                        if (msg.Metadata.ConsumerSequence != expected) { restart = true; break; }
                        expected++;
                        next = msg.Metadata.StreamSequence + 1;
                        pending = msg.Metadata.NumPending;
                        stalls = 0;
                        yield return msg;
                    }
                }
            }
            finally
            {
                await DeleteQuietlyAsync(stream, consumer.Name).ConfigureAwait(false);
            }
            if (!restart) yield break;
            if (++stalls > 3) throw new NatsException($"replay of '{subject}' in '{stream}' made no progress at sequence {next}");
        }
    }

    /// <summary>One no-wait pull; null when the consumer did not answer (deleted, or lost to a reconnect).</summary>
    private static async ValueTask<List<NatsJSMsg>?> FetchBatchAsync(NatsJSConsumer consumer, CancellationToken ct)
    {
        var batch = new List<NatsJSMsg>(ReplayBatch);
        try
        {
            await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = ReplayBatch, NoWait = true }, ct).ConfigureAwait(false))
                batch.Add(msg);
        }
        catch (Exception ex) when (ex is NatsNoRespondersException or NatsConnectionLostException)
        {
            return null;
        }
        return batch;
    }

    private async ValueTask DeleteQuietlyAsync(string stream, string consumer)
    {
        try { await DeleteConsumerAsync(stream, consumer).ConfigureAwait(false); }
        catch (NatsException) { /* inactive_threshold removes it anyway */ }
    }
}
