namespace Flux.Nats.JetStream.Models;

public sealed record ConsumerCreateRequest(string StreamName, ConsumerConfig Config);
