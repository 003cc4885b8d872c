namespace Flux.Nats.JetStream.Models;

public sealed record StreamMsgGetResponse : ApiResponse
{
    public StoredMessage? Message { get; init; }
}
