using System.Text.Json.Serialization;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StreamConfig))]
[JsonSerializable(typeof(StreamInfo))]
[JsonSerializable(typeof(StreamInfoRequest))]
[JsonSerializable(typeof(StreamPurgeRequest))]
[JsonSerializable(typeof(StreamPurgeResponse))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(AccountInfo))]
[JsonSerializable(typeof(PubAckResponse))]
[JsonSerializable(typeof(StreamMsgGetRequest))]
[JsonSerializable(typeof(StreamMsgGetResponse))]
[JsonSerializable(typeof(ConsumerCreateRequest))]
[JsonSerializable(typeof(ConsumerInfo))]
[JsonSerializable(typeof(ConsumerGetnextRequest))]
internal sealed partial class JetStreamJsonContext : JsonSerializerContext;
