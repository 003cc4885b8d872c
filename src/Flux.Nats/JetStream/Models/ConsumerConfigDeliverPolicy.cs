using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

[JsonConverter(typeof(JsonStringEnumConverter<ConsumerConfigDeliverPolicy>))]
public enum ConsumerConfigDeliverPolicy
{
    [JsonStringEnumMemberName("all")] All,
    [JsonStringEnumMemberName("last")] Last,
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("by_start_sequence")] ByStartSequence,
    [JsonStringEnumMemberName("by_start_time")] ByStartTime,
    [JsonStringEnumMemberName("last_per_subject")] LastPerSubject,
}
