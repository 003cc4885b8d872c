using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Flux.Gateway.Documentation;

// The contract's JSON shapes (docs/api.md §2.4, §4, §6) as the API document describes them. The handlers read and write
// these bodies by hand (Requests/, JsonResponse), so these records exist for the document alone. A constructor
// parameter without a default is a key that is always present (ApiDocument sets RespectRequiredConstructorParameters).

/// <summary>Every 4xx and 5xx body (docs/api.md §2.4).</summary>
public sealed record ErrorBody(string Error);

/// <summary>An event as submitted (docs/api.md §4.1).</summary>
public sealed record EventSubmission(
    string Stream,
    string Source,
    EventPayload Payload,
    string? EventId = null,
    long? Timestamp = null,
    string? Key = null,
    string? Schema = null);

/// <summary>An event's payload: opaque except for the state convention (docs/api.md §5).</summary>
public sealed record EventPayload(
    [property: JsonPropertyName("entity_id")] string? EntityId = null,
    JsonObject? Properties = null);

/// <summary>An accepted event as history returns it (docs/api.md §4.2).</summary>
public sealed record AcceptedEvent(
    string EventId,
    string Stream,
    string Source,
    long Timestamp,
    EventPayload Payload,
    string? Key = null,
    string? Schema = null);

public sealed record PublishAnswer(string EventId, string Stream);

public sealed record BatchSubmission(IReadOnlyList<EventSubmission> Events);

public sealed record BatchAnswer(int Successful, int Failed, IReadOnlyList<BatchItemAnswer> Results);

/// <summary>One item's outcome: <c>error</c> is null on success, <c>eventId</c> null on failure (docs/api.md §6.2).</summary>
public sealed record BatchItemAnswer(string? EventId, string? Stream, string? Error);

/// <summary>An entity (docs/api.md §4.3).</summary>
public sealed record Entity(string Id, JsonObject Properties, DateTimeOffset LastUpdated);

public sealed record EntityDeletion([property: JsonPropertyName("entity_id")] string EntityId, string EventId);

/// <summary>The first present of the three keys selects the entities (docs/api.md §6.7).</summary>
public sealed record DeletionFilter(
    string? Namespace = null,
    string? Prefix = null,
    [property: JsonPropertyName("entity_ids")] IReadOnlyList<string>? EntityIds = null);

public sealed record DeletionAnswer(int Deleted, int Failed, IReadOnlyList<string> Errors);

public sealed record NamespaceRequest(string Name);

public sealed record RegistrationAnswer(string NamespaceId, string Name, string Token);

public sealed record NamespaceDetails(string NamespaceId, string Name, DateTimeOffset CreatedAt, long EntityCount);

/// <summary>The runtime limits (docs/api.md §6.9).</summary>
public sealed record AdminConfig(
    [property: JsonPropertyName("rate_limit_enabled")] bool RateLimitEnabled,
    [property: JsonPropertyName("rate_limit_per_namespace_per_minute")] long RateLimitPerNamespacePerMinute,
    [property: JsonPropertyName("body_size_limit_single_bytes")] long BodySizeLimitSingleBytes,
    [property: JsonPropertyName("body_size_limit_batch_bytes")] long BodySizeLimitBatchBytes);

/// <summary>Any subset of the runtime limits; absent or null keeps the current value.</summary>
public sealed record AdminConfigChange(
    [property: JsonPropertyName("rate_limit_enabled")] bool? RateLimitEnabled = null,
    [property: JsonPropertyName("rate_limit_per_namespace_per_minute")] long? RateLimitPerNamespacePerMinute = null,
    [property: JsonPropertyName("body_size_limit_single_bytes")] long? BodySizeLimitSingleBytes = null,
    [property: JsonPropertyName("body_size_limit_batch_bytes")] long? BodySizeLimitBatchBytes = null);

/// <summary><c>/healthz</c> and <c>/readyz</c> when they answer 200 (docs/api.md §6.11).</summary>
public sealed record ProcessStatus(string Status);

/// <summary>One connector in <c>GET /api/connectors</c> (docs/api.md §6.10).</summary>
public sealed record ConnectorSummary(string Name, bool Enabled, string Status);

public sealed record ConnectorList(IReadOnlyList<ConnectorSummary> Connectors);

/// <summary><c>last_poll</c> and <c>last_error</c> are present only when the connector's poller knows them.</summary>
public sealed record ConnectorDetails(
    string Name,
    bool Enabled,
    string Status,
    [property: JsonPropertyName("poll_interval_seconds")] int PollIntervalSeconds,
    [property: JsonPropertyName("last_poll")] DateTimeOffset? LastPoll = null,
    [property: JsonPropertyName("last_error")] string? LastError = null);

public sealed record TokenRequest(string Token);

public sealed record SuccessAnswer(bool Success);

public sealed record OAuthConnectedAnswer(bool Success, string Message, string Connector);
