using System.Text.Json;
using System.Text.RegularExpressions;

namespace Flux.Functional.Tests.Client;

/// <summary>Reading WebSocket messages (docs/api.md §10.4–10.6) and server timestamps (§2.6).</summary>
public static partial class Msg
{
    public static string? Type(JsonElement m) =>
        m.ValueKind == JsonValueKind.Object && m.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    public static bool IsMetrics(JsonElement m) => Type(m) == "metrics_update";

    public static bool IsUpdate(JsonElement m) => Type(m) == "state_update";

    public static bool IsUpdateOf(JsonElement m, string entityId) => IsUpdate(m) && EntityId(m) == entityId;

    public static bool IsUpdateOf(JsonElement m, string entityId, string property) =>
        IsUpdateOf(m, entityId) && m.GetProperty("property").GetString() == property;

    public static bool IsDeletionOf(JsonElement m, string entityId) => Type(m) == "entity_deleted" && EntityId(m) == entityId;

    public static string? EntityId(JsonElement m) =>
        m.TryGetProperty("entity_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    public static bool StartsWith(JsonElement m, string prefix) => EntityId(m)?.StartsWith(prefix, StringComparison.Ordinal) == true;

    public static long EventsTotal(JsonElement m) => m.GetProperty("events").GetProperty("total").GetInt64();

    public static long EntitiesTotal(JsonElement m) => m.GetProperty("entities").GetProperty("total").GetInt64();

    public static double Rate(JsonElement m) => m.GetProperty("events").GetProperty("rate_per_second").GetDouble();

    public static long Connections(JsonElement m) => m.GetProperty("websocket").GetProperty("connections").GetInt64();

    public static long Publishers(JsonElement m) => m.GetProperty("publishers").GetProperty("active").GetInt64();

    public static DateTimeOffset Time(JsonElement m) => DateTimeOffset.Parse(m.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The exact server timestamp form: six fractional digits and a literal +00:00 offset.</summary>
    public static bool IsServerTimestamp(string? text) => text is not null && ServerTimestamp().IsMatch(text);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$")]
    private static partial Regex ServerTimestamp();
}
