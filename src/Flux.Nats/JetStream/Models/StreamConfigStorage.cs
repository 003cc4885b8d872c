using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

[JsonConverter(typeof(JsonStringEnumConverter<StreamConfigStorage>))]
public enum StreamConfigStorage
{
    [JsonStringEnumMemberName("file")] File,
    [JsonStringEnumMemberName("memory")] Memory,
}
