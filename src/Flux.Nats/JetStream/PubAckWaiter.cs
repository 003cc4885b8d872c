using System.Buffers;
using System.Text.Json;
using Flux.Nats.Internal;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>Waits for one pipelined publish ack; parses it straight from the read buffer.</summary>
internal sealed class PubAckWaiter(NatsJSPublisher publisher) : ReplyWaiter
{
    private readonly TaskCompletionSource<PubAckResponse> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<PubAckResponse> Task => _tcs.Task;

    public override void OnReply(in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
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
            _tcs.TrySetResult(ack);
            publisher.OnAcked(null);
        }
    }

    public override void OnFailure(Exception error)
    {
        _tcs.TrySetException(error);
        publisher.OnAcked(error);
    }
}
