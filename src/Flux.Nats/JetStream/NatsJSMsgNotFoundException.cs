using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>No stored message matched a get request.</summary>
public sealed class NatsJSMsgNotFoundException(ApiError error) : NatsJSApiException(error);
