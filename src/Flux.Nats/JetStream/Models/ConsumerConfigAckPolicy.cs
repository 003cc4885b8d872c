using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

[JsonConverter(typeof(JsonStringEnumConverter<ConsumerConfigAckPolicy>))]
public enum ConsumerConfigAckPolicy
{
    [JsonStringEnumMemberName("explicit")] Explicit,
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("all")] All,
}
