using System.Buffers;
using System.Text.Json;
using Flux.Nats.Internal;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>
/// Waits for one pipelined publish ack, parsing it straight from the read buffer. When nobody asked
/// for the ack itself, a success is only counted: no task and no ack object are built.
/// </summary>
internal sealed class PubAckWaiter(NatsJSPublisher publisher, bool wantAck) : ReplyWaiter
{
    private readonly TaskCompletionSource<PubAckResponse>? _tcs = wantAck ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;

    public Task<PubAckResponse> Task => _tcs?.Task ?? throw new InvalidOperationException("ack not requested");

    public override void OnReply(in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (_tcs is null && !MayBeError(payload))
        {
            publisher.OnAcked(null);
            return;
        }
        PubAckResponse? ack;
        try
        {
            var reader = new Utf8JsonReader(payload);
            ack = JsonSerializer.Deserialize(ref reader, JetStreamJsonContext.Default.PubAckResponse);
        }
        catch (JsonException ex)
        {
            OnFailure(new NatsException($"unreadable publish ack for '{RequestSubject}'", ex));
            return;
        }
        if (ack is null) OnFailure(new NatsException($"empty publish ack for '{RequestSubject}'"));
        else if (ack.Error is { } error) OnFailure(NatsJSApiException.From(error));
        else
        {
            _tcs?.TrySetResult(ack);
            publisher.OnAcked(null);
        }
    }

    public override void OnFailure(Exception error)
    {
        _tcs?.TrySetException(error);
        publisher.OnAcked(error);
    }

    /// <summary>A success ack is <c>{"stream":..,"seq":..}</c>; only an error reply carries <c>"error"</c>.</summary>
    private static bool MayBeError(in ReadOnlySequence<byte> payload)
    {
        if (payload.Length == 0) return true;
        if (!payload.IsSingleSegment) return true;
        return payload.FirstSpan.IndexOf("\"error\""u8) >= 0;
    }
}
