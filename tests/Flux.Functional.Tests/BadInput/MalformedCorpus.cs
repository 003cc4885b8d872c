using System.Text;

namespace Flux.Functional.Tests.BadInput;

/// <summary>The table of hostile HTTP requests (docs/architecture.md invariant 7; docs/api.md §2.2, §2.4, §6, §9).</summary>
public static class MalformedCorpus
{
    private const string Id = MalformedRequest.TargetEntity;
    private const string Stream = "invalid stream format '«s»': must be lowercase with optional dots";

    private static string Event(string fields) => "{" + fields + "}";

    private static string Valid(string replace = "") =>
        replace.Length > 0 ? replace : JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"a":1}}}""", Id);

    private static string With(string field, string json)
    {
        var fields = new Dictionary<string, string>
        {
            ["stream"] = "\"sensors\"",
            ["source"] = "\"s\"",
            ["payload"] = JsonText.Fill("""{"entity_id":"«0»","properties":{"a":1}}""", Id),
        };
        fields[field] = json;
        return Event(string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")));
    }

    private static byte[] Bytes(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
            bytes.AddRange(part is string s ? Encoding.UTF8.GetBytes(s) : (byte[])part);
        return [.. bytes];
    }

    private static string Deep(int levels) => new string('[', levels) + new string(']', levels);

    private static string Padded(string prefix, int size) => prefix + ",\"pad\":\"" + new string('x', size - prefix.Length - 10) + "\"}";

    public static readonly IReadOnlyList<MalformedRequest> All = Build();

    private static List<MalformedRequest> Build()
    {
        var post = "POST";
        var e = "/api/events";
        var list = new List<MalformedRequest>
        {
            // Not JSON at all, or not one JSON object.
            MalformedRequest.Json("unterminated object", post, e, "{", 400),
            MalformedRequest.Json("truncated event", post, e, """{"stream":"sensors",""", 400),
            MalformedRequest.Json("plain text", post, e, "not json", 400),
            MalformedRequest.Json("single quotes", post, e, "{'stream':'sensors'}", 400),
            MalformedRequest.Json("trailing comma", post, e, Valid()[..^1] + ",}", 400),
            MalformedRequest.Json("comment", post, e, "/* hi */" + Valid(), 400),
            MalformedRequest.Json("two documents", post, e, Valid() + Valid(), 400),
            MalformedRequest.Json("NaN literal", post, e, Valid().Replace("\"a\":1", "\"a\":NaN", StringComparison.Ordinal), 400),
            MalformedRequest.Json("Infinity literal", post, e, Valid().Replace("\"a\":1", "\"a\":Infinity", StringComparison.Ordinal), 400),
            MalformedRequest.Json("unquoted key", post, e, Valid().Replace("\"stream\"", "stream", StringComparison.Ordinal), 400),
            MalformedRequest.Json("empty body", post, e, "", 400),
            MalformedRequest.Json("whitespace body", post, e, " \r\n\t ", 400),
            MalformedRequest.Json("null document", post, e, "null", 400),
            MalformedRequest.Json("array document", post, e, "[" + Valid() + "]", 400),
            MalformedRequest.Json("string document", post, e, "\"event\"", 400),
            MalformedRequest.Json("number document", post, e, "42", 400),
            MalformedRequest.Json("boolean document", post, e, "true", 400),
            MalformedRequest.Json("control character in string", post, e, Valid().Replace("\"s\"", "\"s\u0001\"", StringComparison.Ordinal), 400),
            MalformedRequest.Json("bad escape", post, e, Valid().Replace("\"s\"", "\"\\q\"", StringComparison.Ordinal), 400),

            // Wrong types for every known field.
            MalformedRequest.Json("stream number", post, e, With("stream", "5"), 400),
            MalformedRequest.Json("stream object", post, e, With("stream", "{}"), 400),
            MalformedRequest.Json("stream array", post, e, With("stream", "[\"sensors\"]"), 400),
            MalformedRequest.Json("stream boolean", post, e, With("stream", "false"), 400),
            MalformedRequest.Json("source number", post, e, With("source", "7"), 400),
            MalformedRequest.Json("source object", post, e, With("source", "{\"a\":1}"), 400),
            MalformedRequest.Json("source null", post, e, With("source", "null"), 400, "source is required"),
            MalformedRequest.Json("timestamp string", post, e, With("timestamp", "\"1767225600000\""), 400),
            MalformedRequest.Json("timestamp fraction", post, e, With("timestamp", "1767225600000.5"), 400),
            MalformedRequest.Json("timestamp exponent", post, e, With("timestamp", "1.7e12"), 400),
            MalformedRequest.Json("timestamp boolean", post, e, With("timestamp", "true"), 400),
            MalformedRequest.Json("timestamp array", post, e, With("timestamp", "[1]"), 400),
            MalformedRequest.Json("timestamp beyond int64", post, e, With("timestamp", "9223372036854775808"), 400),
            MalformedRequest.Json("timestamp zero", post, e, With("timestamp", "0"), 400, "timestamp must be positive, got 0"),
            MalformedRequest.Json("timestamp negative", post, e, With("timestamp", "-1"), 400, "timestamp must be positive, got -1"),
            MalformedRequest.Json("eventId number", post, e, With("eventId", "12"), 400),
            MalformedRequest.Json("eventId object", post, e, With("eventId", "{}"), 400),
            MalformedRequest.Json("eventId array", post, e, With("eventId", "[\"x\"]"), 400),
            MalformedRequest.Json("key number", post, e, With("key", "1"), 400),
            MalformedRequest.Json("schema object", post, e, With("schema", "{\"v\":1}"), 400),
            MalformedRequest.Json("payload string", post, e, With("payload", "\"{}\""), 400, "payload must be a JSON object"),
            MalformedRequest.Json("payload array", post, e, With("payload", "[]"), 400, "payload must be a JSON object"),
            MalformedRequest.Json("payload number", post, e, With("payload", "3"), 400, "payload must be a JSON object"),
            MalformedRequest.Json("payload boolean", post, e, With("payload", "true"), 400, "payload must be a JSON object"),
            MalformedRequest.Json("payload null", post, e, With("payload", "null"), 400, "payload is required"),
            MalformedRequest.Json("stream uppercase", post, e, With("stream", "\"Sensors\""), 400, Stream.Replace("«s»", "Sensors", StringComparison.Ordinal)),
            MalformedRequest.Json("stream empty", post, e, With("stream", "\"\""), 400, "stream is required"),
            MalformedRequest.Json("reserved namespace", post, e, With("payload", """{"entity_id":"flux-core/bad","properties":{"a":1}}"""), 403, "entity namespace 'flux-core' is reserved"),

            // Nesting and size.
            MalformedRequest.Json("10000 levels of nesting in a property", post, e, With("payload", JsonText.Fill("""{"entity_id":"«0»","properties":{"deep":«1»}}""", Id, Deep(10_000))), 400),
            MalformedRequest.Json("10000 levels of nesting as the document", post, e, Deep(10_000), 400),
            MalformedRequest.Json("10000 nested objects", post, e, string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000), 400),
            MalformedRequest.Json("half a megabyte stream name", post, e, With("stream", "\"" + new string('A', 500_000) + "\""), 400),
            MalformedRequest.Json("huge source without payload", post, e, Event("\"stream\":\"sensors\",\"source\":\"" + new string('s', 900_000) + "\""), 400, "payload is required"),
            MalformedRequest.Json("single event over the limit", post, e, Padded(Valid()[..^1], 1_048_577), 413, "payload too large"),
            new("chunked event over the limit", post, e, Encoding.UTF8.GetBytes(Padded(Valid()[..^1], 1_200_000)), 413, "payload too large", Chunked: true),
            MalformedRequest.Json("batch over the limit", post, "/api/events/batch", Padded("{\"events\":[" + Valid() + "]", 10_485_761), 413, "payload too large"),
            MalformedRequest.Json("admin config over the limit", "PUT", "/api/admin/config", Padded("{\"rate_limit_enabled\":null", 2_097_153), 413, "payload too large"),
            MalformedRequest.Json("batch delete over the limit", post, "/api/state/entities/delete", Padded(JsonText.Fill("""{"entity_ids":["«0»"]""", Id), 2_097_153), 413, "payload too large"),

            // Bytes that are not UTF-8.
            new("0xFF inside a string", post, e, Bytes("{\"stream\":\"sensors\",\"source\":\"", new byte[] { 0xFF }, "\",\"payload\":{\"entity_id\":\"" + Id + "\",\"properties\":{\"a\":1}}}"), 400),
            new("overlong slash", post, e, Bytes("{\"stream\":\"sensors\",\"source\":\"s\",\"payload\":{\"entity_id\":\"bad", new byte[] { 0xC0, 0xAF }, "target\",\"properties\":{\"a\":1}}}"), 400),
            new("UTF-8 encoded surrogate", post, e, Bytes("{\"stream\":\"sensors\",\"source\":\"s\",\"payload\":{\"entity_id\":\"" + Id + "\",\"properties\":{\"", new byte[] { 0xED, 0xA0, 0x80 }, "\":1}}}"), 400),
            new("truncated multibyte sequence", post, e, Bytes("{\"stream\":\"sensors\",\"source\":\"s\",\"payload\":{\"entity_id\":\"" + Id + "\",\"properties\":{\"a\":\"", new byte[] { 0xE2, 0x82 }, "\"}}}"), 400),
            new("NUL byte between tokens", post, e, Bytes("{\"stream\":\"sensors\",", new byte[] { 0 }, "\"source\":\"s\",\"payload\":{\"entity_id\":\"" + Id + "\",\"properties\":{\"a\":1}}}"), 400),
            new("invalid UTF-8 in a batch", post, "/api/events/batch", Bytes("{\"events\":[{\"stream\":\"sensors\",\"source\":\"", new byte[] { 0xFE, 0xFF }, "\",\"payload\":{\"entity_id\":\"" + Id + "\",\"properties\":{\"a\":1}}}]}"), 400),
            new("invalid UTF-8 in admin config", "PUT", "/api/admin/config", Bytes("{\"x\":\"", new byte[] { 0xFF }, "\"}"), 400),

            // Batches.
            MalformedRequest.Json("batch invalid JSON", post, "/api/events/batch", "{\"events\":[", 400),
            MalformedRequest.Json("batch empty", post, "/api/events/batch", "{\"events\":[]}", 400, "Batch request must contain at least one event"),
            MalformedRequest.Json("batch events object", post, "/api/events/batch", "{\"events\":{}}", 400),
            MalformedRequest.Json("batch events string", post, "/api/events/batch", "{\"events\":\"x\"}", 400),
            MalformedRequest.Json("batch without events", post, "/api/events/batch", "{\"evts\":[" + Valid() + "]}", 400),
            MalformedRequest.Json("batch as array", post, "/api/events/batch", "[" + Valid() + "]", 400),
            MalformedRequest.Json("batch deep nesting", post, "/api/events/batch", "{\"events\":" + Deep(10_000) + "}", 400),
            MalformedRequest.Json("batch empty body", post, "/api/events/batch", "", 400),

            // Other endpoints with bodies.
            MalformedRequest.Json("batch delete no filter", post, "/api/state/entities/delete", "{}", 400),
            MalformedRequest.Json("batch delete prefix number", post, "/api/state/entities/delete", "{\"prefix\":1}", 400),
            MalformedRequest.Json("batch delete ids object", post, "/api/state/entities/delete", "{\"entity_ids\":{}}", 400),
            MalformedRequest.Json("batch delete invalid JSON", post, "/api/state/entities/delete", "{\"prefix\":", 400),
            MalformedRequest.Json("admin config string flag", "PUT", "/api/admin/config", "{\"rate_limit_enabled\":\"yes\"}", 400),
            MalformedRequest.Json("admin config zero limit", "PUT", "/api/admin/config", "{\"body_size_limit_batch_bytes\":0}", 400),
            MalformedRequest.Json("admin config invalid JSON", "PUT", "/api/admin/config", "{", 400),
            MalformedRequest.Json("admin config array", "PUT", "/api/admin/config", "[]", 400),

            // Query parameters.
            new("history without entity", "GET", "/api/events", null, 400, "entity parameter is required"),
            new("history with empty entity", "GET", "/api/events?entity=", null, 400, "entity parameter is required"),
            new("history with bad since", "GET", "/api/events?entity=" + Uri.EscapeDataString(Id) + "&since=last-tuesday", null, 400, "invalid `since` timestamp (expected ISO 8601)"),
            new("history with bad limit", "GET", "/api/events?entity=" + Uri.EscapeDataString(Id) + "&limit=many", null, 400),

            // Wrong methods on known paths.
            new("PUT events", "PUT", e, Encoding.UTF8.GetBytes(Valid()), 405, "Method not allowed"),
            new("DELETE events batch", "DELETE", "/api/events/batch", null, 405, "Method not allowed"),
            new("PATCH entities", "PATCH", "/api/state/entities", Encoding.UTF8.GetBytes("{}"), 405, "Method not allowed"),
            new("PUT one entity", "PUT", "/api/state/entities/" + Uri.EscapeDataString(Id), Encoding.UTF8.GetBytes("{}"), 405, "Method not allowed"),
            new("GET namespaces list", "GET", "/api/namespaces", null, 405, "Method not allowed"),
            new("DELETE admin config", "DELETE", "/api/admin/config", null, 405, "Method not allowed"),
            new("POST websocket", post, "/api/ws", Encoding.UTF8.GetBytes("{}"), 405, "Method not allowed"),

            // Unknown routes and odd targets.
            new("unknown api route", "GET", "/api/unknown", null, 404, "Not found"),
            new("unknown route with body", post, "/api/unknown", Encoding.UTF8.GetBytes(Valid()), 404, "Not found"),
            new("below a known route", "GET", "/api/events/batch/extra", null, 404, "Not found"),
            new("outside the api", "GET", "/index.php", null, 404, "Not found"),
            new("wrong case", post, "/API/EVENTS", Encoding.UTF8.GetBytes(Valid().Replace(Id, Id + "-wrong-case", StringComparison.Ordinal)), 404, "Not found"),
            new("dot segments", "GET", "/api/../../etc/passwd", null, 404),
            new("invalid percent escape", "GET", "/api/state/entities/%ZZbad", null, 0),
            new("plain GET of the websocket", "GET", "/api/ws", null, 400, "WebSocket upgrade required"),
            new("system entity delete", "DELETE", "/api/state/entities/flux-core%2Fdirectory", null, 403, "entity namespace 'flux-core' is reserved"),
        };
        return list;
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var request in All)
            data.Add(request.Name);
        return data;
    }

    public static MalformedRequest Named(string name) => All.Single(r => r.Name == name);

    /// <summary>Asserts the contract's answer and that the target entity was not created.</summary>
    public static void Check(MalformedRequest request, ApiResponse response)
    {
        Expect.NotServerError(response);
        if (request.Status == 0)
        {
            if (response.Status is < 400 or >= 500)
                Assert.Fail($"expected a 4xx: {response}");
            Expect.Error(response, response.Status);
        }
        else
        {
            Expect.Error(response, request.Status, request.Message);
        }
        if (response.Status == 405 && string.IsNullOrWhiteSpace(response.Header("Allow")))
            Assert.Fail($"405 without an Allow header: {response}");
    }
}
