using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

[JsonConverter(typeof(JsonStringEnumConverter<StreamConfigDiscard>))]
public enum StreamConfigDiscard
{
    [JsonStringEnumMemberName("old")] Old,
    [JsonStringEnumMemberName("new")] New,
}
