using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>JetStream over a NATS connection: streams, publish with ack, gets, pull consumers and replay.</summary>
public interface INatsJSContext
{
    INatsConnection Connection { get; }

    ValueTask<AccountInfo> GetAccountInfoAsync(CancellationToken ct = default);

    ValueTask<StreamInfo> CreateStreamAsync(StreamConfig config, CancellationToken ct = default);
    ValueTask<StreamInfo> UpdateStreamAsync(StreamConfig config, CancellationToken ct = default);
    ValueTask<StreamInfo> GetStreamAsync(string stream, StreamInfoRequest? request = null, CancellationToken ct = default);
    ValueTask<bool> DeleteStreamAsync(string stream, CancellationToken ct = default);
    ValueTask<ulong> PurgeStreamAsync(string stream, StreamPurgeRequest? request = null, CancellationToken ct = default);

    /// <summary>Publishes and waits for the stream's ack. Throws <see cref="NatsJSWrongLastSequenceException"/> when an expectation fails.</summary>
    ValueTask<PubAckResponse> PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers = null, NatsJSPubOpts? opts = null, CancellationToken ct = default);

    /// <summary>A publisher that keeps up to <paramref name="maxInFlight"/> publishes awaiting their acks.</summary>
    NatsJSPublisher CreatePublisher(int maxInFlight = 1024);

    /// <summary>Gets a stored message; uses direct get when the stream allows it, the API otherwise.</summary>
    ValueTask<NatsJSStoredMsg> GetMsgAsync(string stream, StreamMsgGetRequest request, CancellationToken ct = default);
    /// <summary>Gets a stored message through the stream API (<c>STREAM.MSG.GET</c>).</summary>
    ValueTask<NatsJSStoredMsg> GetMsgByApiAsync(string stream, StreamMsgGetRequest request, CancellationToken ct = default);
    /// <summary>Gets a stored message through direct get (<c>DIRECT.GET</c>; needs <c>allow_direct</c>).</summary>
    ValueTask<NatsJSStoredMsg> GetMsgDirectAsync(string stream, StreamMsgGetRequest request, CancellationToken ct = default);

    ValueTask<NatsJSConsumer> CreateOrUpdateConsumerAsync(string stream, ConsumerConfig config, CancellationToken ct = default);
    ValueTask<NatsJSConsumer> GetConsumerAsync(string stream, string consumer, CancellationToken ct = default);
    ValueTask<bool> DeleteConsumerAsync(string stream, string consumer, CancellationToken ct = default);

    /// <summary>Every message on one subject from a stream sequence on, in stream order, then the enumeration ends.</summary>
    IAsyncEnumerable<NatsJSMsg> ReplaySubjectAsync(string stream, string subject, ulong fromSequence = 1, CancellationToken ct = default);
}
