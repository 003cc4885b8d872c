using System.Buffers;

namespace Flux.Nats.Internal;

/// <summary>Waiter behind <see cref="NatsConnection.RequestAsync"/>: hands the reply over as a <see cref="NatsMsg"/>.</summary>
internal sealed class RequestWaiter(INatsConnection connection, string replySubject) : ReplyWaiter
{
    private readonly TaskCompletionSource<NatsMsg> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<NatsMsg> Task => _tcs.Task;

    public override void OnReply(in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) =>
        _tcs.TrySetResult(new NatsMsg(
            replySubject,
            null,
            headers.IsEmpty ? null : NatsHeaders.Parse(headers),
            payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : payload.ToArray(),
            connection));

    public override void OnFailure(Exception error) => _tcs.TrySetException(error);
}
