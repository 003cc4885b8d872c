using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

[JsonConverter(typeof(JsonStringEnumConverter<ConsumerConfigReplayPolicy>))]
public enum ConsumerConfigReplayPolicy
{
    [JsonStringEnumMemberName("instant")] Instant,
    [JsonStringEnumMemberName("original")] Original,
}
