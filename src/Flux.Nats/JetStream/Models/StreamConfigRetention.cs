using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

[JsonConverter(typeof(JsonStringEnumConverter<StreamConfigRetention>))]
public enum StreamConfigRetention
{
    [JsonStringEnumMemberName("limits")] Limits,
    [JsonStringEnumMemberName("interest")] Interest,
    [JsonStringEnumMemberName("workqueue")] WorkQueue,
}
