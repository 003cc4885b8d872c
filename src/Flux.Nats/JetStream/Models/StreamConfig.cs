using System.Text.Json.Serialization;

namespace Flux.Nats.JetStream.Models;

/// <summary>Stream configuration; null fields take the server's defaults.</summary>
public sealed record StreamConfig
{
    public StreamConfig() { }
    public StreamConfig(string name, IReadOnlyList<string> subjects) { Name = name; Subjects = subjects; }

    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyList<string>? Subjects { get; init; }
    public StreamConfigRetention Retention { get; init; }
    public StreamConfigStorage Storage { get; init; }
    public StreamConfigDiscard Discard { get; init; }
    public long? MaxConsumers { get; init; }
    public long? MaxMsgs { get; init; }
    public long? MaxBytes { get; init; }
    public long? MaxMsgsPerSubject { get; init; }
    public int? MaxMsgSize { get; init; }
    [JsonConverter(typeof(NanosecondsConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan MaxAge { get; init; }
    [JsonConverter(typeof(NanosecondsConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TimeSpan DuplicateWindow { get; init; }
    public int? NumReplicas { get; init; }
    public bool? AllowDirect { get; init; }
    public bool? AllowRollupHdrs { get; init; }
    public bool? DenyDelete { get; init; }
    public bool? DenyPurge { get; init; }
}
