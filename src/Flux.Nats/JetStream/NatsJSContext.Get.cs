using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

public sealed partial class NatsJSContext
{
    // Per stream: is direct get enabled? Learned once from stream info (the probe) and remembered;
    // a direct get that finds nobody answering flips it back to the API.
    private readonly ConcurrentDictionary<string, bool> _directAllowed = new();

    public async ValueTask<NatsJSStoredMsg> GetMsgAsync(string stream, StreamMsgGetRequest request, CancellationToken ct = default)
    {
        if (!_directAllowed.TryGetValue(stream, out var direct))
        {
            var info = await GetStreamAsync(stream, ct: ct).ConfigureAwait(false);
            direct = _directAllowed[stream] = info.Config.AllowDirect == true;
        }
        if (!direct) return await GetMsgByApiAsync(stream, request, ct).ConfigureAwait(false);
        try
        {
            return await GetMsgDirectAsync(stream, request, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsNoRespondersException or NatsTimeoutException)
        {
            _directAllowed[stream] = false;
            return await GetMsgByApiAsync(stream, request, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask<NatsJSStoredMsg> GetMsgByApiAsync(string stream, StreamMsgGetRequest request, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        var response = await RequestAsync($"{Opts.ApiPrefix}.STREAM.MSG.GET.{stream}", request,
            JetStreamJsonContext.Default.StreamMsgGetRequest, JetStreamJsonContext.Default.StreamMsgGetResponse, ct).ConfigureAwait(false);
        var m = response.Message ?? throw new NatsException("MSG.GET reply without a message");
        var headers = m.Hdrs is { Length: > 0 } h ? NatsHeaders.Parse(new System.Buffers.ReadOnlySequence<byte>(h)) : null;
        return new NatsJSStoredMsg(m.Subject, m.Seq, headers, m.Data ?? ReadOnlyMemory<byte>.Empty, m.Time);
    }

    public async ValueTask<NatsJSStoredMsg> GetMsgDirectAsync(string stream, StreamMsgGetRequest request, CancellationToken ct = default)
    {
        ValidateName(stream, "stream");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, JetStreamJsonContext.Default.StreamMsgGetRequest);
        var reply = await _connection.RequestAsync($"{Opts.ApiPrefix}.DIRECT.GET.{stream}", body, timeout: Timeout, ct: ct).ConfigureAwait(false);
        var h = reply.Headers;
        switch (reply.StatusCode)
        {
            case 0 when h is not null:
                break;
            case 404:
                throw new NatsJSMsgNotFoundException(new ApiError { Code = 404, ErrCode = NatsJSErrorCodes.NoMessageFound, Description = h?.Description ?? "no message found" });
            default:
                throw new NatsJSApiException(new ApiError { Code = reply.StatusCode, Description = h?.Description ?? "direct get failed" });
        }
        return new NatsJSStoredMsg(
            h["Nats-Subject"] ?? "",
            ulong.Parse(h["Nats-Sequence"] ?? "0", CultureInfo.InvariantCulture),
            h,
            reply.Data,
            ParseTimestamp(h["Nats-Time-Stamp"]));
    }

    /// <summary>RFC 3339 with nanoseconds; .NET parses at most 7 fractional digits.</summary>
    internal static DateTimeOffset ParseTimestamp(string? text)
    {
        if (string.IsNullOrEmpty(text)) return default;
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = text[..(dot + 8)] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : default;
    }
}
