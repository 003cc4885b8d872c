using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

/// <summary>Pull consumer configuration. Without a durable name the consumer is ephemeral.</summary>
public sealed record ConsumerConfig
{
    public string? DurableName { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public ConsumerConfigDeliverPolicy DeliverPolicy { get; init; }
    public ulong? OptStartSeq { get; init; }
    public DateTimeOffset? OptStartTime { get; init; }
    public ConsumerConfigAckPolicy AckPolicy { get; init; }
    [JsonConverter(typeof(NanosecondsConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan AckWait { get; init; }
    public long? MaxDeliver { get; init; }
    public string? FilterSubject { get; init; }
    public ConsumerConfigReplayPolicy ReplayPolicy { get; init; }
    public long? MaxWaiting { get; init; }
    public long? MaxAckPending { get; init; }
    [JsonConverter(typeof(NanosecondsConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan InactiveThreshold { get; init; }
    public bool? MemStorage { get; init; }
    public int? NumReplicas { get; init; }
}
