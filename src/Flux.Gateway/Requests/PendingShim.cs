// Request-body readers used until the full set with its tests lands.
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
namespace Flux.Gateway.Requests;
public static class JsonBody
{
    public static bool TryParse(byte[] body, [NotNullWhen(true)] out JsonDocument? document, out string error)
    {
        error = ""; document = null;
        if (!System.Text.Unicode.Utf8.IsValid(body)) { error = "request body is not valid UTF-8"; return false; }
        try { document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 }); return true; }
        catch (JsonException e) { error = "invalid JSON: " + e.Message; return false; }
    }
}
public static class BatchRequest
{
    public static bool TryRead(JsonElement root, out IReadOnlyList<JsonElement> events, out string error)
    {
        events = []; error = "";
        if (root.ValueKind != JsonValueKind.Object) { error = "request body must be a JSON object"; return false; }
        if (!root.TryGetProperty("events", out var e) || e.ValueKind != JsonValueKind.Array) { error = "events must be an array"; return false; }
        if (e.GetArrayLength() == 0) { error = "Batch request must contain at least one event"; return false; }
        events = e.EnumerateArray().ToArray(); return true;
    }
}
public sealed record DeleteFilter(string? Namespace, string? Prefix, IReadOnlyList<string>? EntityIds)
{
    public static bool TryRead(JsonElement root, out DeleteFilter? filter, out string error)
    {
        filter = null; error = "";
        if (root.ValueKind != JsonValueKind.Object) { error = "request body must be a JSON object"; return false; }
        if (root.TryGetProperty("namespace", out var ns)) { if (ns.ValueKind != JsonValueKind.String) { error = "namespace must be a string"; return false; } filter = new(ns.GetString(), null, null); return true; }
        if (root.TryGetProperty("prefix", out var p)) { if (p.ValueKind != JsonValueKind.String) { error = "prefix must be a string"; return false; } filter = new(null, p.GetString(), null); return true; }
        if (root.TryGetProperty("entity_ids", out var ids)) { if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String)) { error = "entity_ids must be an array of strings"; return false; } filter = new(null, null, ids.EnumerateArray().Select(i => i.GetString()!).ToArray()); return true; }
        error = "one of namespace, prefix or entity_ids is required"; return false;
    }
}
public static class NamespaceRequest
{
    public static bool TryReadName(JsonElement root, out string? name, out string error)
    {
        name = null; error = "";
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String) { error = "name must be a string"; return false; }
        name = n.GetString(); return true;
    }
}
public sealed record AdminConfigPatch(bool? RateLimitEnabled, int? RateLimitPerNamespacePerMinute, int? BodySizeLimitSingleBytes, int? BodySizeLimitBatchBytes)
{
    public static bool TryRead(JsonElement root, out AdminConfigPatch? patch, out string error)
    {
        patch = null; error = "";
        if (root.ValueKind != JsonValueKind.Object) { error = "request body must be a JSON object"; return false; }
        bool? enabled = null;
        if (root.TryGetProperty("rate_limit_enabled", out var e) && e.ValueKind != JsonValueKind.Null)
        {
            if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { error = "rate_limit_enabled must be a boolean"; return false; }
            enabled = e.GetBoolean();
        }
        int? rate = null, single = null, batch = null;
        if (!Positive(root, "rate_limit_per_namespace_per_minute", ref rate, ref error) || !Positive(root, "body_size_limit_single_bytes", ref single, ref error) || !Positive(root, "body_size_limit_batch_bytes", ref batch, ref error)) return false;
        patch = new(enabled, rate, single, batch); return true;
    }
    private static bool Positive(JsonElement root, string name, ref int? value, ref string error)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < 1) { error = $"{name} must be an integer >= 1"; return false; }
        value = n; return true;
    }
}
