using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

public sealed partial class NatsJSContext
{
    public ValueTask<StreamInfo> CreateStreamAsync(StreamConfig config, CancellationToken ct = default)
    {
        ValidateName(config.Name, "stream");
        return RequestAsync($"{Opts.ApiPrefix}.STREAM.CREATE.{config.Name}", config,
            JetStreamJsonContext.Default.StreamConfig, JetStreamJsonContext.Default.StreamInfo, ct);
    }

    public ValueTask<StreamInfo> UpdateStreamAsync(StreamConfig config, CancellationToken ct = default)
    {
        ValidateName(config.Name, "stream");
        return RequestAsync($"{Opts.ApiPrefix}.STREAM.UPDATE.{config.Name}", config,
            JetStreamJsonContext.Default.StreamConfig, JetStreamJsonContext.Default.StreamInfo, ct);
    }

    public ValueTask<StreamInfo> GetStreamAsync(string stream, StreamInfoRequest? request = null, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        return RequestAsync($"{Opts.ApiPrefix}.STREAM.INFO.{stream}", request,
            JetStreamJsonContext.Default.StreamInfoRequest, JetStreamJsonContext.Default.StreamInfo, ct);
    }

    public async ValueTask<bool> DeleteStreamAsync(string stream, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        var response = await RequestAsync($"{Opts.ApiPrefix}.STREAM.DELETE.{stream}", ReadOnlyMemory<byte>.Empty,
            JetStreamJsonContext.Default.SuccessResponse, ct).ConfigureAwait(false);
        _directAllowed.TryRemove(stream, out _);
        return response.Success;
    }

    public async ValueTask<ulong> PurgeStreamAsync(string stream, StreamPurgeRequest? request = null, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        var response = await RequestAsync($"{Opts.ApiPrefix}.STREAM.PURGE.{stream}", request,
            JetStreamJsonContext.Default.StreamPurgeRequest, JetStreamJsonContext.Default.StreamPurgeResponse, ct).ConfigureAwait(false);
        return response.Purged;
    }
}
