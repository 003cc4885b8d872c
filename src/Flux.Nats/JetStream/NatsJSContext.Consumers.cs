using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

public sealed partial class NatsJSContext
{
    public async ValueTask<NatsJSConsumer> CreateOrUpdateConsumerAsync(string stream, ConsumerConfig config, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        // nats-server 2.9 creates durables on DURABLE.CREATE and ephemerals on CREATE.<stream>.
        var subject = config.DurableName is { } durable
            ? $"{Opts.ApiPrefix}.CONSUMER.DURABLE.CREATE.{stream}.{Checked(durable)}"
            : $"{Opts.ApiPrefix}.CONSUMER.CREATE.{stream}";
        var info = await RequestAsync(subject, new ConsumerCreateRequest(stream, config),
            JetStreamJsonContext.Default.ConsumerCreateRequest, JetStreamJsonContext.Default.ConsumerInfo, ct).ConfigureAwait(false);
        return new NatsJSConsumer(this, info);
    }

    public async ValueTask<NatsJSConsumer> GetConsumerAsync(string stream, string consumer, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        ValidateName(consumer, "consumer");
        var info = await RequestAsync($"{Opts.ApiPrefix}.CONSUMER.INFO.{stream}.{consumer}", ReadOnlyMemory<byte>.Empty,
            JetStreamJsonContext.Default.ConsumerInfo, ct).ConfigureAwait(false);
        return new NatsJSConsumer(this, info);
    }

    public async ValueTask<bool> DeleteConsumerAsync(string stream, string consumer, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        ValidateName(consumer, "consumer");
        var response = await RequestAsync($"{Opts.ApiPrefix}.CONSUMER.DELETE.{stream}.{consumer}", ReadOnlyMemory<byte>.Empty,
            JetStreamJsonContext.Default.SuccessResponse, ct).ConfigureAwait(false);
        return response.Success;
    }

    private static string Checked(string name)
    {
        ValidateName(name, "consumer");
        return name;
    }
}
