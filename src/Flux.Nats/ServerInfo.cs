using System.Text.Json.Serialization;

namespace Flux.Nats;

/// <summary>The server's INFO: what it is and what it allows.</summary>
public sealed record ServerInfo
{
    [JsonPropertyName("server_id")] public string ServerId { get; init; } = "";
    [JsonPropertyName("server_name")] public string ServerName { get; init; } = "";
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    [JsonPropertyName("proto")] public int ProtocolVersion { get; init; }
    [JsonPropertyName("host")] public string Host { get; init; } = "";
    [JsonPropertyName("port")] public int Port { get; init; }
    [JsonPropertyName("headers")] public bool HeadersSupported { get; init; }
    [JsonPropertyName("max_payload")] public int MaxPayload { get; init; } = 1024 * 1024;
    [JsonPropertyName("auth_required")] public bool AuthRequired { get; init; }
    [JsonPropertyName("tls_required")] public bool TlsRequired { get; init; }
    [JsonPropertyName("jetstream")] public bool JetStreamAvailable { get; init; }
    [JsonPropertyName("client_id")] public ulong ClientId { get; init; }
    [JsonPropertyName("ldm")] public bool LameDuckMode { get; init; }
}
