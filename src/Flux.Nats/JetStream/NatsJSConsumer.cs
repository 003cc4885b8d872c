using System.Runtime.CompilerServices;
using System.Text.Json;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>A pull consumer: fetch batches, ack what was processed.</summary>
public sealed class NatsJSConsumer(NatsJSContext js, ConsumerInfo info)
{
    public ConsumerInfo Info { get; private set; } = info;
    public string Stream => Info.StreamName;
    public string Name => Info.Name;
    /// <summary>Idle heartbeats seen (and skipped) by fetches on this handle.</summary>
    public long Heartbeats { get; private set; }

    public async ValueTask<ConsumerInfo> RefreshAsync(CancellationToken ct = default) =>
        Info = (await js.GetConsumerAsync(Stream, Name, ct).ConfigureAwait(false)).Info;

    /// <summary>
    /// Pulls one batch. The enumeration ends when the batch is full, when the server says there is
    /// nothing (more) to give (404 no messages, 408 expired, 409), or when the pull expires.
    /// Idle heartbeats (100) are skipped.
    /// </summary>
    public async IAsyncEnumerable<NatsJSMsg> FetchAsync(NatsJSFetchOpts? opts = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        opts ??= new NatsJSFetchOpts();
        ArgumentOutOfRangeException.ThrowIfLessThan(opts.MaxMsgs, 1);
        var core = js.Core;
        var inbox = core.NewInbox();
        await using var sub = await core.SubscribeCoreAsync(inbox, opts: new NatsSubOpts { PendingCapacity = opts.MaxMsgs + 8 }, ct: ct).ConfigureAwait(false);
        var request = new ConsumerGetnextRequest
        {
            Batch = opts.MaxMsgs,
            Expires = opts.NoWait ? TimeSpan.Zero : opts.Expires,
            NoWait = opts.NoWait ? true : null,
            IdleHeartbeat = opts.IdleHeartbeat,
        };
        await core.PublishAsync($"{js.Opts.ApiPrefix}.CONSUMER.MSG.NEXT.{Stream}.{Name}",
            JsonSerializer.SerializeToUtf8Bytes(request, JetStreamJsonContext.Default.ConsumerGetnextRequest), replyTo: inbox, ct: ct).ConfigureAwait(false);

        // The server ends the pull itself; the client-side limit only guards against a lost status message.
        using var limit = new CancellationTokenSource((opts.NoWait ? TimeSpan.Zero : opts.Expires) + js.Timeout, core.Opts.TimeProvider);
        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        var received = 0;
        while (received < opts.MaxMsgs)
        {
            NatsMsg msg;
            try
            {
                if (!await sub.Msgs.WaitToReadAsync(expiry.Token).ConfigureAwait(false)) yield break;
                if (!sub.Msgs.TryRead(out msg)) continue;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                yield break;
            }
            switch (msg.StatusCode)
            {
                case 100:
                    Heartbeats++;
                    continue;
                case 404 or 408 or 409:
                    yield break;
                case 0:
                    break;
                case 503:
                    throw new NatsNoRespondersException($"{js.Opts.ApiPrefix}.CONSUMER.MSG.NEXT.{Stream}.{Name}");
                default:
                    throw new NatsJSApiException(new ApiError { Code = msg.StatusCode, Description = msg.Headers?.Description ?? "pull failed" });
            }
            var meta = NatsJSMsgMetadata.Parse(msg.ReplyTo) ?? throw new NatsProtocolException($"consumer message without JetStream metadata: '{msg.ReplyTo}'");
            received++;
            yield return new NatsJSMsg(msg, meta);
        }
    }
}
