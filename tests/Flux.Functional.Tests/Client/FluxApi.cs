using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Client;

/// <summary>
/// The contract's HTTP surface as a thin client over HttpClient. Every call returns the whole
/// response (status, headers, body) so tests can assert on exact bytes and print them on failure.
/// </summary>
public sealed class FluxApi(HttpClient http, FluxServer server)
{
    public FluxServer Server => server;

    public Uri BaseAddress => http.BaseAddress!;

    public Task<ApiResponse> PublishAsync(JsonNode @event, string? token = null) =>
        SendAsync(HttpMethod.Post, "api/events", @event.ToJsonString(), token);

    public Task<ApiResponse> PublishAsync(string entityId, JsonObject properties, string? token = null, string? eventId = null) =>
        PublishAsync(EventJson.Event(entityId, properties, eventId: eventId), token);

    public Task<ApiResponse> PublishRawAsync(string body, string? token = null) =>
        SendAsync(HttpMethod.Post, "api/events", body, token);

    public Task<ApiResponse> BatchAsync(string body, string? token = null) =>
        SendAsync(HttpMethod.Post, "api/events/batch", body, token);

    public Task<ApiResponse> GetEntityAsync(string id) =>
        SendAsync(HttpMethod.Get, "api/state/entities/" + Uri.EscapeDataString(id));

    public Task<ApiResponse> ListAsync(string query = "") =>
        SendAsync(HttpMethod.Get, "api/state/entities" + query);

    public Task<ApiResponse> HistoryAsync(string entityId, string extraQuery = "") =>
        SendAsync(HttpMethod.Get, "api/events?entity=" + Uri.EscapeDataString(entityId) + extraQuery);

    public Task<ApiResponse> DeleteAsync(string id, string? token = null) =>
        SendAsync(HttpMethod.Delete, "api/state/entities/" + Uri.EscapeDataString(id), token: token);

    public Task<ApiResponse> BatchDeleteAsync(string body, string? token = null) =>
        SendAsync(HttpMethod.Post, "api/state/entities/delete", body, token);

    public Task<ApiResponse> RegisterNamespaceAsync(string name, string? adminToken = null) =>
        SendAsync(HttpMethod.Post, "api/namespaces", new JsonObject { ["name"] = name }.ToJsonString(), adminToken);

    public Task<ApiResponse> GetNamespaceAsync(string name) =>
        SendAsync(HttpMethod.Get, "api/namespaces/" + Uri.EscapeDataString(name));

    public Task<ApiResponse> DeleteNamespaceAsync(string name, string? adminToken = null) =>
        SendAsync(HttpMethod.Delete, "api/namespaces/" + Uri.EscapeDataString(name), token: adminToken);

    public Task<ApiResponse> GetConfigAsync() => SendAsync(HttpMethod.Get, "api/admin/config");

    public Task<ApiResponse> PutConfigAsync(string body, string? adminToken = null) =>
        SendAsync(HttpMethod.Put, "api/admin/config", body, adminToken);

    /// <summary>Sends a request with a UTF-8 JSON body (when given) and an optional bearer token.</summary>
    public Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return SendAsync(request);
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var description = $"{request.Method} /{request.RequestUri}";
            if (request.Content is not null && request.Content.Headers.ContentLength is < 300)
                description += " " + await request.Content.ReadAsStringAsync();
            try
            {
                using var response = await http.SendAsync(request);
                return await ApiResponse.ReadAsync(response, description);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"{description} failed: {e.Message}; {server}\n{server.Output}", e);
            }
        }
    }

    /// <summary>The entity ids of an unfiltered listing.</summary>
    public async Task<List<string>> ListIdsAsync(string query = "")
    {
        var response = await ListAsync(query);
        if (response.Status != 200)
            throw new InvalidOperationException($"listing failed: {response}");
        return response.Json.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>
    /// The listing's ids once they include <paramref name="id"/>: a listing may lag a write (G3; the bound itself is
    /// ListingTests' to prove, so this waits longer than 2 s on a busy machine).
    /// </summary>
    public Task<List<string>> ListIdsShowingAsync(string id, string query = "") =>
        Eventually.HoldsAsync(() => ListIdsAsync(query), ids => ids.Contains(id), TimeSpan.FromSeconds(10), $"the listing{query} shows {id}");

    /// <summary>Publishes one event and fails loudly unless it was accepted.</summary>
    public async Task<string> PublishOkAsync(string entityId, JsonObject properties, string? token = null, string? eventId = null)
    {
        var response = await PublishAsync(entityId, properties, token, eventId);
        if (response.Status != 200)
            throw new InvalidOperationException($"publish expected 200: {response}");
        return response.Json.GetProperty("eventId").GetString()!;
    }

    /// <summary>
    /// Publishes to <paramref name="entityId"/>, which <paramref name="socket"/> has just subscribed to, until an
    /// update of it arrives there. The contract does not acknowledge a subscribe and the publish travels on
    /// another connection, so it may overtake the subscribe frame; each retry sets a new value so that it is a change.
    /// </summary>
    public async Task<JsonElement> PublishUntilSeenAsync(LiveSocket socket, string entityId, TimeSpan wait)
    {
        const int attempts = 10;
        var after = socket.Count;
        for (var attempt = 1; ; attempt++)
        {
            await PublishOkAsync(entityId, Props("v", attempt));
            try
            {
                return await socket.WaitForAsync(m => Msg.IsUpdateOf(m, entityId), wait / attempts, $"update of {entityId}", after);
            }
            catch (TimeoutException) when (attempt < attempts)
            {
            }
        }
    }

    public async Task<JsonElement> GetEntityOkAsync(string id)
    {
        var response = await GetEntityAsync(id);
        if (response.Status != 200)
            throw new InvalidOperationException($"GET entity expected 200: {response}");
        return response.Json;
    }

    public async Task<List<JsonElement>> HistoryOkAsync(string entityId, string extraQuery = "")
    {
        var response = await HistoryAsync(entityId, extraQuery);
        if (response.Status != 200)
            throw new InvalidOperationException($"history expected 200: {response}");
        return response.Json.EnumerateArray().ToList();
    }

    public static JsonObject Props(string key, JsonNode? value) => new() { [key] = value };

    public static string Text(JsonElement element) => JsonSerializer.Serialize(element);
}
