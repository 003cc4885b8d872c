using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Http;

/// <summary>CORS, content types, unknown routes and wrong methods (docs/api.md §2.3, §2.4, §2.7, §10.1).</summary>
[Trait("Suite", "conformance")]
public sealed class HttpConventionsTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    [Theory]
    [InlineData("GET", "api/state/entities", 200)]
    [InlineData("GET", "api/state/entities/nope-never", 404)]
    [InlineData("GET", "api/events", 400)]
    [InlineData("GET", "api/admin/config", 200)]
    [InlineData("GET", "api/nothing-here", 404)]
    [InlineData("PATCH", "api/events", 405)]
    [InlineData("POST", "api/events", 400)]
    public async Task every_response_allows_any_origin(string method, string path, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", "http://dashboard.example");
        if (method == "POST")
            request.Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        var response = Expect.Status(await _api.SendAsync(request), status);
        Assert.True(response.Header("Access-Control-Allow-Origin") == "*", $"Access-Control-Allow-Origin must be *: {response} headers {string.Join("; ", response.Headers.Select(h => h.Key + "=" + h.Value))}");
        Assert.Null(response.Header("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("api/admin/config", "PUT")]
    [InlineData("api/events", "POST")]
    [InlineData("api/state/entities/x", "DELETE")]
    [InlineData("api/state/entities", "GET")]
    public async Task a_preflight_answers_200_with_the_allowed_methods_and_headers(string path, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "http://dashboard.example");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var response = Expect.Ok(await _api.SendAsync(request));
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
        var methods = (response.Header("Access-Control-Allow-Methods") ?? "").Split(',', StringSplitOptions.TrimEntries);
        Assert.True(new[] { "GET", "POST", "PUT", "DELETE", "OPTIONS" }.All(methods.Contains), $"allowed methods: {response.Header("Access-Control-Allow-Methods")}");
        var headers = (response.Header("Access-Control-Allow-Headers") ?? "").Split(',', StringSplitOptions.TrimEntries);
        Assert.True(headers.Contains("Authorization", StringComparer.OrdinalIgnoreCase) && headers.Contains("Content-Type", StringComparer.OrdinalIgnoreCase), $"allowed headers: {response.Header("Access-Control-Allow-Headers")}");
    }

    [Theory]
    [InlineData("api/nothing")]
    [InlineData("api")]
    [InlineData("")]
    [InlineData("api/events/nope")]
    [InlineData("api/namespaces/a/b/c")]
    [InlineData("API/events")]
    [InlineData("api/State/entities")]
    public async Task unknown_routes_answer_404_not_found_as_json(string path)
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Get, path), 404, "Not found");
    }

    [Theory]
    [InlineData("PUT", "api/events", "POST")]
    [InlineData("DELETE", "api/events", "POST")]
    [InlineData("GET", "api/events/batch", "POST")]
    [InlineData("PUT", "api/state/entities", "GET")]
    [InlineData("POST", "api/state/entities", "GET")]
    [InlineData("GET", "api/namespaces", "POST")]
    [InlineData("PATCH", "api/state/entities/x", "GET")]
    [InlineData("DELETE", "api/admin/config", "GET")]
    [InlineData("POST", "api/admin/config", "PUT")]
    [InlineData("PUT", "api/namespaces/abc", "GET")]
    [InlineData("POST", "api/ws", "GET")]
    public async Task a_wrong_method_answers_405_with_allow_and_a_json_error(string method, string path, string allowed)
    {
        var response = await _api.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : "{}");
        Expect.Error(response, 405, "Method not allowed");
        var allow = response.Header("Allow") ?? "";
        Assert.True(allow.Split(',', StringSplitOptions.TrimEntries).Contains(allowed), $"Allow must list {allowed}: {response} Allow={allow}");
    }

    [Fact]
    public async Task a_plain_get_of_the_websocket_endpoint_answers_400_upgrade_required()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "api/ws");
        Expect.Error(response, 400, "WebSocket upgrade required");
    }

    [Fact]
    public async Task every_response_with_a_body_is_json()
    {
        var id = Ids.Unique("ctype");
        var responses = new List<ApiResponse>
        {
            await _api.PublishAsync(id, FluxApi.Props("a", 1)),
            await _api.BatchAsync(EventJson.Batch(EventJson.Event(id, FluxApi.Props("b", 2)))),
            await _api.GetEntityAsync(id),
            await _api.ListAsync(),
            await _api.HistoryAsync(id),
            await _api.GetConfigAsync(),
            await _api.PutConfigAsync("{}"),
            await _api.DeleteAsync(id),
            await _api.BatchDeleteAsync("""{"entity_ids":["x"]}"""),
            await _api.RegisterNamespaceAsync("abc"),
            await _api.GetNamespaceAsync("abc"),
            await _api.SendAsync(HttpMethod.Get, "api/nope"),
            await _api.PublishRawAsync("{"),
        };
        foreach (var response in responses)
        {
            Assert.NotEqual(string.Empty, response.Body);
            Expect.JsonContentType(response);
        }
    }
}
