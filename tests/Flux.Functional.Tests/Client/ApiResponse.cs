using System.Net;
using System.Text.Json;

namespace Flux.Functional.Tests.Client;

/// <summary>A fully read HTTP response: status, every header (response and content) and the body text.</summary>
public sealed record ApiResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string Request)
{
    public JsonElement Json
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Body);
                return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"Response body is not JSON ({e.Message}): {this}");
            }
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? ContentType => Header("Content-Type");

    /// <summary>The `error` string of a contract error body, or null if the body is not one.</summary>
    public string? Error
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Body);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                    ? e.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response, string request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers)
            headers[name] = string.Join(", ", values);
        foreach (var (name, values) in response.Content.Headers)
            headers[name] = string.Join(", ", values);
        var body = await response.Content.ReadAsStringAsync();
        return new ApiResponse((int)response.StatusCode, headers, body, request);
    }

    public override string ToString()
    {
        var body = Body.Length > 2000 ? Body[..2000] + "…" : Body;
        var type = ContentType is null ? "" : $" [{ContentType}]";
        return $"{Request} → {Status}{type} {body}";
    }

    public bool Is(HttpStatusCode code) => Status == (int)code;
}
