using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

/// <summary>Body of <c>CONSUMER.MSG.NEXT</c>: a pull of up to <see cref="Batch"/> messages.</summary>
public sealed record ConsumerGetnextRequest
{
    public int Batch { get; init; } = 1;
    [JsonConverter(typeof(NanosecondsConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan Expires { get; init; }
    public bool? NoWait { get; init; }
    [JsonConverter(typeof(NanosecondsConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan IdleHeartbeat { get; init; }
}
