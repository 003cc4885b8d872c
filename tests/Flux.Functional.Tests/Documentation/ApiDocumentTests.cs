using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flux.Gateway.Dashboard;
using Flux.Gateway.Documentation;
using Flux.Gateway.Live;
using Flux.Gateway.WorldView;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Flux.Functional.Tests.Documentation;

/// <summary>The OpenAPI document at /openapi/v1.json and its viewer (docs/api.md §6.12), against a running server.</summary>
public sealed partial class ApiDocumentTests(SiloInThisProcess server) : IClassFixture<SiloInThisProcess>
{
    private const string NpmHint = "run `npm ci` in tests/Flux.Functional.Tests/openapi (scripts/test does; node 20 and npm are needed)";

    [Fact]
    public async Task the_openapi_document_lists_every_route_the_server_maps()
    {
        var document = await DocumentAsync();

        // The document and its viewer describe the API; they are not part of it. Nor are the world view, a page for
        // people, and the Orleans Dashboard, Orleans' page with an API of its own for that page. The SignalR hub's routes
        // carry SignalR's own protocol (docs/api.md §10.8), which OpenAPI cannot describe.
        var mapped = server.Endpoints
            .Where(e => e.RoutePattern.RawText != ApiDocument.DocumentPath && !e.RoutePattern.RawText!.StartsWith(ApiDocument.ViewerPath, StringComparison.Ordinal))
            .Where(e => e.RoutePattern.RawText != WorldViewPage.Path && !e.RoutePattern.RawText!.StartsWith(WorldViewPage.Path + "/", StringComparison.Ordinal))
            .Where(e => !e.RoutePattern.RawText!.StartsWith(DashboardEndpoints.Path + "/", StringComparison.Ordinal))
            .Where(e => !e.RoutePattern.RawText!.StartsWith(LiveHub.Path, StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(method => $"{method} {PathOf(e.RoutePattern)}"))
            .Order(StringComparer.Ordinal);
        var documented = Operations(document).Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").Order(StringComparer.Ordinal);

        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task every_operation_has_a_summary_and_every_answer_with_a_body_has_a_schema()
    {
        foreach (var (method, path, operation) in Operations(await DocumentAsync()))
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
            var responses = operation["responses"]!.AsObject();
            // A redirect (the OAuth start, docs/api.md §6.10) is the success of its operation and has no body.
            Assert.Contains(responses, r => r.Key.StartsWith('2') || r.Key is "101" or "307");
            foreach (var (status, response) in responses.Where(r => r.Key is not ("101" or "204" or "307")))
                Assert.True(response!["content"]?.AsObject().Single().Value?["schema"] is not null, $"{method} {path} {status} has no body schema");
        }
    }

    [Fact]
    public async Task the_openapi_document_validates_as_openapi_3()
    {
        var text = await server.Http.GetStringAsync("openapi/v1.json");

        var (exitCode, output) = await ValidateAsync(text);

        Assert.StartsWith("3.", JsonNode.Parse(text)!["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task the_validator_refuses_a_document_with_a_dangling_reference()
    {
        var document = await DocumentAsync();
        document["paths"]!["/api/events"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"] =
            new JsonObject { ["$ref"] = "#/components/schemas/NoSuchShape" };

        var (exitCode, output) = await ValidateAsync(document.ToJsonString());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("NoSuchShape", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task publishing_is_described_with_the_contracts_request_answer_and_error_bodies()
    {
        var document = await DocumentAsync();
        var publish = document["paths"]!["/api/events"]!["post"]!;

        var request = Resolve(document, publish["requestBody"]!["content"]!["application/json"]!["schema"]!);
        Assert.Superset(new HashSet<string> { "stream", "source", "payload", "eventId", "timestamp", "key", "schema" }, Keys(request["properties"]!).ToHashSet());
        Assert.Equal(["payload", "source", "stream"], Strings(request["required"]!).Order(StringComparer.Ordinal));
        Assert.Contains("entity_id", Keys(Resolve(document, request["properties"]!["payload"]!)["properties"]!));
        var answer = Resolve(document, Schema(publish, "200"));
        Assert.Equal(["eventId", "stream"], Keys(answer["properties"]!).Order(StringComparer.Ordinal));
        foreach (var status in new[] { "400", "401", "403", "413", "429", "500", "503" })
            Assert.Equal("#/components/schemas/ErrorBody", Schema(publish, status)["$ref"]!.GetValue<string>());
        Assert.Equal(["error"], Keys(Resolve(document, Schema(publish, "400"))["properties"]!));
        Assert.NotNull(publish["responses"]!["429"]!["headers"]!["Retry-After"]);
        Assert.NotNull(publish["responses"]!["503"]!["headers"]!["Retry-After"]);
        Assert.Null(document["paths"]!["/readyz"]!["get"]!["responses"]!["503"]!["headers"]);
    }

    [Fact]
    public async Task the_server_answers_with_the_keys_the_document_describes()
    {
        var document = await DocumentAsync();
        var publish = document["paths"]!["/api/events"]!["post"]!;
        var valid = EventJson.Event(Ids.Unique("openapi"), FluxApi.Props("a", 1)).ToJsonString();

        var accepted = await PostAsync("api/events", valid);
        var refused = await PostAsync("api/events", "{}");

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(Keys(Resolve(document, Schema(publish, "200"))["properties"]!).Order(StringComparer.Ordinal), Keys(accepted.Body).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(Keys(Resolve(document, Schema(publish, "400"))["properties"]!), Keys(refused.Body));
    }

    [Fact]
    public async Task a_documented_request_body_is_read_whatever_its_content_type_says()
    {
        var withBody = Operations(await DocumentAsync()).Where(o => o.Operation["requestBody"] is not null).ToArray();

        Assert.NotEmpty(withBody);
        foreach (var (method, path, _) in withBody)
            foreach (var contentType in new[] { "text/plain", null })
            {
                var body = new ByteArrayContent("{}"u8.ToArray());
                body.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path.TrimStart('/')) { Content = body };
                var response = await server.Http.SendAsync(request);

                Assert.True(response.StatusCode != HttpStatusCode.UnsupportedMediaType, $"{method} {path} with Content-Type {contentType ?? "(none)"}: 415");
                Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
            }
    }

    [Fact]
    public async Task the_viewer_page_loads_only_the_servers_own_assets()
    {
        var page = await server.Http.GetAsync("api/docs");
        var html = await page.Content.ReadAsStringAsync();
        var pageUri = page.RequestMessage!.RequestUri!;

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Empty(ExternalUrls(html));
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToArray();
        Assert.Contains("scalar.js", assets);
        foreach (var asset in assets)
        {
            var response = await server.Http.GetAsync(new Uri(pageUri, asset));
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
            if (asset.EndsWith(".aspnetcore.js", StringComparison.Ordinal))
                Assert.Empty(ExternalUrls(await response.Content.ReadAsStringAsync()));
        }
        // The page's script resolves the document against the server's root.
        var source = Assert.Single(DocumentSource().Matches(html)).Groups["url"].Value;
        Assert.Equal(await server.Http.GetStringAsync("openapi/v1.json"), await server.Http.GetStringAsync(source));
    }

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await server.Http.GetStringAsync("openapi/v1.json"))!.AsObject();

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, string body)
    {
        var response = await server.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string document)
    {
        if (!File.Exists(Repository.PathOf("tests/Flux.Functional.Tests/openapi/node_modules/@readme/openapi-parser/package.json")))
            throw new InvalidOperationException($"the OpenAPI validator is not installed: {NpmHint}");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, document);
            var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Repository.PathOf("tests/Flux.Functional.Tests/openapi/validate.mjs"));
            start.ArgumentList.Add(file);
            using var node = System.Diagnostics.Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = node.StandardError.ReadToEndAsync(timeout.Token);
            await node.WaitForExitAsync(timeout.Token);
            return (node.ExitCode, await output + await errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<(string Method, string Path, JsonNode Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (op.Key, path.Key, op.Value!)));

    /// <summary>A route as OpenAPI writes its path: parameters by name, a catch-all's <c>**</c> dropped.</summary>
    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => throw new InvalidOperationException($"unexpected route part in {pattern.RawText}"),
        }))));

    private static JsonNode Schema(JsonNode operation, string status) =>
        operation["responses"]![status]!["content"]!["application/json"]!["schema"]!;

    private static JsonNode Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!
            : schema;

    private static IEnumerable<string> Keys(JsonNode node) => node.AsObject().Select(p => p.Key);

    private static IEnumerable<string> Strings(JsonNode node) => node.AsArray().Select(n => n!.GetValue<string>());

    private IEnumerable<string> ExternalUrls(string text) =>
        ExternalUrl().Matches(text).Select(m => m.Value).Where(url => !url.StartsWith(server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));

    [GeneratedRegex(@"https?://[^\s""'<>)]+", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"(?:src|href)=""(?<url>[^""]+)""")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"""sources"":\[\{[^}]*""url"":""(?<url>[^""]+)""")]
    private static partial Regex DocumentSource();
}
