using System.Text.Json.Serialization;

namespace Flux.Nats.Internal;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(ConnectCommand))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
