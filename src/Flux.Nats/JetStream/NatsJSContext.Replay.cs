using System.Runtime.CompilerServices;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>
/// Ordered replay of one subject, what an entity needs on activation: an ephemeral, unacknowledged,
/// memory-backed pull consumer filtered to the subject and starting at the requested sequence is
/// drained in batches. Order is checked with the consumer sequence: a gap (a batch lost to a
/// reconnect) recreates the consumer from the last stream sequence seen, so no message is skipped
/// or repeated. The replay ends at the message whose pending count is zero: the subject's state at
/// the time it was read.
/// </summary>
public sealed partial class NatsJSContext
{
    private const int ReplayBatch = 256;

    public async IAsyncEnumerable<NatsJSMsg> ReplaySubjectAsync(string stream, string subject, ulong fromSequence = 1,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var next = Math.Max(1, fromSequence);
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
            var gap = false;
            var done = consumer.Info.NumPending == 0;
            try
            {
                while (!done && !gap)
                {
                    var got = 0;
                    await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = ReplayBatch, NoWait = true }, ct).ConfigureAwait(false))
                    {
                        got++;
                        if (msg.Metadata.ConsumerSequence != expected) { gap = true; break; }
                        expected++;
                        next = msg.Metadata.StreamSequence + 1;
                        yield return msg;
                        if (msg.Metadata.NumPending == 0) { done = true; break; }
                    }
                    if (got == 0) done = true;
                }
            }
            finally
            {
                await DeleteQuietlyAsync(stream, consumer.Name).ConfigureAwait(false);
            }
            if (!gap) yield break;
        }
    }

    private async ValueTask DeleteQuietlyAsync(string stream, string consumer)
    {
        try { await DeleteConsumerAsync(stream, consumer).ConfigureAwait(false); }
        catch (NatsException) { /* inactive_threshold removes it anyway */ }
    }
}
