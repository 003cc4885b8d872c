using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

public sealed partial class NatsJSContext
{
    public async ValueTask<PubAckResponse> PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers = null,
        NatsJSPubOpts? opts = null, CancellationToken ct = default)
    {
        var reply = await _connection.RequestAsync(subject, data, opts?.Apply(headers) ?? headers, Timeout, ct).ConfigureAwait(false);
        return Parse(reply.Data.Span, JetStreamJsonContext.Default.PubAckResponse);
    }

    public NatsJSPublisher CreatePublisher(int maxInFlight = 1024) => new(this, maxInFlight);
}
