using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>
/// JetStream as a thin JSON request/reply layer over the core connection: every management call is a
/// request to <c>$JS.API.*</c> whose reply is either the content or an <c>error</c>, which becomes a
/// <see cref="NatsJSApiException"/> (or a more specific subclass).
/// </summary>
public sealed partial class NatsJSContext : INatsJSContext
{
    private readonly NatsConnection _connection;

    public NatsJSContext(INatsConnection connection, NatsJSOpts? opts = null)
    {
        _connection = connection as NatsConnection
            ?? throw new ArgumentException("JetStream needs a Flux.Nats.NatsConnection", nameof(connection));
        Opts = opts ?? new NatsJSOpts();
    }

    public INatsConnection Connection => _connection;
    public NatsJSOpts Opts { get; }
    internal NatsConnection Core => _connection;
    internal TimeSpan Timeout => Opts.RequestTimeout ?? _connection.Opts.RequestTimeout;

    public ValueTask<AccountInfo> GetAccountInfoAsync(CancellationToken ct = default) =>
        RequestAsync($"{Opts.ApiPrefix}.INFO", ReadOnlyMemory<byte>.Empty, JetStreamJsonContext.Default.AccountInfo, ct);

    internal ValueTask<TResponse> RequestAsync<TRequest, TResponse>(string subject, TRequest? request, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken ct) where TResponse : ApiResponse
    {
        var body = request is null ? ReadOnlyMemory<byte>.Empty : JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        return RequestAsync(subject, body, responseType, ct);
    }

    internal async ValueTask<TResponse> RequestAsync<TResponse>(string subject, ReadOnlyMemory<byte> body, JsonTypeInfo<TResponse> responseType,
        CancellationToken ct) where TResponse : ApiResponse
    {
        var reply = await _connection.RequestAsync(subject, body, timeout: Timeout, ct: ct).ConfigureAwait(false);
        return Parse(reply.Data.Span, responseType);
    }

    internal static TResponse Parse<TResponse>(ReadOnlySpan<byte> json, JsonTypeInfo<TResponse> type) where TResponse : ApiResponse
    {
        var response = JsonSerializer.Deserialize(json, type) ?? throw new NatsException("empty JetStream API response");
        if (response.Error is { } error) throw NatsJSApiException.From(error);
        return response;
    }

    internal static void ValidateName(string name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.AsSpan().IndexOfAny(". *>\t\r\n") >= 0)
            throw new ArgumentException($"{what} name '{name}' must be non-empty and contain no '.', '*', '>' or whitespace");
    }
}
