using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Auth;

/// <summary>Who may write and delete in auth mode (docs/api.md §7; checklist 18).</summary>
[Trait("Suite", "conformance")]
public sealed class AuthModeTests(AuthServer fixture) : IClassFixture<AuthServer>
{
    private const string Admin = AuthServer.AdminToken;
    private readonly FluxApi _api = fixture.Api;

    private async Task<(string Name, string Token)> RegisterAsync()
    {
        var name = Ids.Unique("auth");
        var json = Expect.Ok(await _api.RegisterNamespaceAsync(name, Admin)).Json;
        return (name, json.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task publishing_needs_the_token_of_the_entity_namespace()
    {
        var (ns, token) = await RegisterAsync();
        var (_, otherToken) = await RegisterAsync();
        Expect.Error(await _api.PublishAsync($"{ns}/x", FluxApi.Props("a", 1)), 401);
        Expect.Error(await _api.PublishAsync($"{ns}/x", FluxApi.Props("a", 1), otherToken), 403);
        Expect.Error(await _api.PublishAsync($"{Ids.Unique("unregistered")}/x", FluxApi.Props("a", 1), token), 401);
        Expect.Error(await _api.PublishAsync("x", FluxApi.Props("a", 1), token), 401);
        Expect.Error(await _api.PublishAsync($"{ns}/x", FluxApi.Props("a", 1), Admin), 403);
        Expect.Error(await _api.GetEntityAsync($"{ns}/x"), 404, "Entity not found");
        await _api.PublishOkAsync($"{ns}/x", FluxApi.Props("a", 1), token);
        await _api.PublishOkAsync($"{ns}/room/101", FluxApi.Props("a", 1), token);
        Assert.Equal(1, (await _api.GetEntityOkAsync($"{ns}/room/101")).GetProperty("properties").GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task refusals_say_what_to_do_and_tell_a_token_of_another_namespace_from_a_token_of_none()
    {
        var (ns, token) = await RegisterAsync();
        var (other, otherToken) = await RegisterAsync();
        var unregistered = Ids.Unique("unregistered");

        var notRegistered = Expect.Error(await _api.PublishAsync($"{unregistered}/x", FluxApi.Props("a", 1), token), 401);
        Assert.Contains("register it with POST /api/namespaces", notRegistered, StringComparison.Ordinal);
        var noPrefix = Expect.Error(await _api.PublishAsync("sensor-01", FluxApi.Props("a", 1), token), 401);
        Assert.Contains("expected '<namespace>/<name>'", noPrefix, StringComparison.Ordinal);

        var othersToken = Expect.Error(await _api.PublishAsync($"{ns}/x", FluxApi.Props("a", 1), otherToken), 403);
        Assert.Contains($"it is the token of namespace '{other}'", othersToken, StringComparison.Ordinal);
        var noOnesToken = Expect.Error(await _api.PublishAsync($"{ns}/x", FluxApi.Props("a", 1), Guid.NewGuid().ToString()), 403);
        Assert.Contains("the token belongs to no namespace", noOnesToken, StringComparison.Ordinal);

        await _api.PublishOkAsync($"{ns}/x", FluxApi.Props("a", 1), token);
        var deleteWithOthers = Expect.Error(await _api.DeleteAsync($"{ns}/x", otherToken), 403);
        Assert.StartsWith($"Token does not own namespace '{ns}': it is the token of namespace '{other}'", deleteWithOthers, StringComparison.Ordinal);
        var batchItem = Expect.Ok(await _api.BatchAsync(EventJson.Batch(EventJson.Event($"{ns}/y", FluxApi.Props("a", 1))), otherToken)).Json;
        Assert.StartsWith($"authorization failed: Token does not have permission to write to namespace '{ns}': it is the token of namespace '{other}'",
            batchItem.GetProperty("results")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"stream":"sensors","source":"s","payload":{"reading":1}}""")]
    [InlineData("""{"stream":"sensors","source":"s","payload":{"entity_id":"BAD NS/x","properties":{"a":1}}}""")]
    [InlineData("""{"stream":"sensors","source":"s","payload":{"entity_id":"«ns»/","properties":{"a":1}}}""")]
    [InlineData("""{"stream":"sensors","source":"s","payload":{"entity_id":"/x","properties":{"a":1}}}""")]
    public async Task events_without_a_valid_namespaced_entity_id_are_unauthorized(string template)
    {
        var (ns, token) = await RegisterAsync();
        Expect.Error(await _api.PublishRawAsync(template.Replace("«ns»", ns, StringComparison.Ordinal), token), 401);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("Bearer")]
    public async Task the_bearer_scheme_is_case_insensitive_and_the_token_is_trimmed(string scheme)
    {
        var (ns, token) = await RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent(EventJson.Event($"{ns}/x", FluxApi.Props("a", 1)).ToJsonString()),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme}   {token}  ");
        Expect.Ok(await _api.SendAsync(request));
    }

    [Theory]
    [InlineData("Basic «t»")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("«t»")]
    public async Task another_scheme_or_an_empty_token_counts_as_no_token(string header)
    {
        var (ns, token) = await RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent(EventJson.Event($"{ns}/x", FluxApi.Props("a", 1)).ToJsonString()),
        };
        request.Headers.TryAddWithoutValidation("Authorization", header.Replace("«t»", token, StringComparison.Ordinal));
        Expect.Error(await _api.SendAsync(request), 401);
    }

    [Fact]
    public async Task batch_items_are_authorized_one_by_one_with_the_single_header()
    {
        var (ns, token) = await RegisterAsync();
        var (other, _) = await RegisterAsync();
        var body = EventJson.Batch(
            EventJson.Event($"{ns}/ok", FluxApi.Props("a", 1)),
            EventJson.Event($"{other}/theirs", FluxApi.Props("a", 1)),
            EventJson.Event("flat", FluxApi.Props("a", 1)),
            EventJson.Event("flux-core/directory", FluxApi.Props("a", 1)));
        var json = Expect.Ok(await _api.BatchAsync(body, token)).Json;
        Assert.Equal(1, json.GetProperty("successful").GetInt32());
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("error").ValueKind);
        Assert.StartsWith("authorization failed: ", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("authorization failed: ", results[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("authorization failed: entity namespace 'flux-core' is reserved", results[3].GetProperty("error").GetString());
        Assert.All(results.Skip(1), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("eventId").ValueKind));
        Expect.Error(await _api.GetEntityAsync($"{other}/theirs"), 404);
    }

    [Fact]
    public async Task a_batch_without_a_token_fails_every_item_but_answers_200()
    {
        var (ns, _) = await RegisterAsync();
        var json = Expect.Ok(await _api.BatchAsync(EventJson.Batch(EventJson.Event($"{ns}/x", FluxApi.Props("a", 1))))).Json;
        Assert.Equal(0, json.GetProperty("successful").GetInt32());
        Assert.StartsWith("authorization failed: ", json.GetProperty("results")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task reads_stay_open_without_any_token()
    {
        var (ns, token) = await RegisterAsync();
        await _api.PublishOkAsync($"{ns}/open", FluxApi.Props("a", 1), token);
        await _api.GetEntityOkAsync($"{ns}/open");
        await _api.ListIdsShowingAsync($"{ns}/open", "?namespace=" + ns);
        Assert.Single(await _api.HistoryOkAsync($"{ns}/open"));
        Expect.Ok(await _api.GetConfigAsync());
        Expect.Ok(await _api.GetNamespaceAsync(ns));
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress, "?token=whatever");
        await _api.PublishOkAsync($"{ns}/open", FluxApi.Props("a", 2), token);
        await socket.WaitForAsync(m => Msg.IsUpdateOf(m, $"{ns}/open"), TimeSpan.FromSeconds(10), "state_update in auth mode without a token");
    }

    [Fact]
    public async Task deleting_needs_the_namespace_token_or_the_admin_token()
    {
        var (ns, token) = await RegisterAsync();
        var (_, otherToken) = await RegisterAsync();
        foreach (var e in new[] { "a", "b", "c" })
            await _api.PublishOkAsync($"{ns}/{e}", FluxApi.Props("v", 1), token);

        Expect.Error(await _api.DeleteAsync($"{ns}/a"), 401);
        Expect.Error(await _api.DeleteAsync($"{ns}/a", otherToken), 403);
        Expect.Error(await _api.DeleteAsync("flat-id", token), 401);
        Expect.Error(await _api.DeleteAsync("BAD NS/x", token), 400);
        Expect.Error(await _api.DeleteAsync($"{Ids.Unique("nobody")}/x", token), 403);
        Expect.Error(await _api.DeleteAsync("flux-core/directory", Admin), 403);
        await _api.GetEntityOkAsync($"{ns}/a");

        Expect.Ok(await _api.DeleteAsync($"{ns}/a", token));
        Expect.Ok(await _api.DeleteAsync($"{ns}/b", Admin));
        Expect.Error(await _api.GetEntityAsync($"{ns}/a"), 404);
        Expect.Error(await _api.GetEntityAsync($"{ns}/b"), 404);
    }

    [Fact]
    public async Task a_batch_delete_needs_a_token_even_when_nothing_matches_and_is_all_or_nothing()
    {
        var (ns, token) = await RegisterAsync();
        var (other, otherToken) = await RegisterAsync();
        await _api.PublishOkAsync($"{ns}/a", FluxApi.Props("v", 1), token);
        await _api.PublishOkAsync($"{other}/b", FluxApi.Props("v", 1), otherToken);

        Expect.Error(await _api.BatchDeleteAsync(JsonText.Fill("""{"prefix":"«0»"}""", Ids.Unique("matches-nothing"))), 401);
        Expect.Error(await _api.BatchDeleteAsync(JsonText.Fill("""{"entity_ids":["«0»/a","«1»/b"]}""", ns, other), token), 403);
        await _api.GetEntityOkAsync($"{ns}/a");
        await _api.GetEntityOkAsync($"{other}/b");

        await _api.ListIdsShowingAsync($"{ns}/a", "?namespace=" + ns); // matching uses the listing, which may lag (G3)
        var own = Expect.Ok(await _api.BatchDeleteAsync(JsonText.Fill("""{"namespace":"«0»"}""", ns), token)).Json;
        Assert.Equal(1, own.GetProperty("deleted").GetInt32());
        var byAdmin = Expect.Ok(await _api.BatchDeleteAsync(JsonText.Fill("""{"entity_ids":["«0»/b"]}""", other), Admin)).Json;
        Assert.Equal(1, byAdmin.GetProperty("deleted").GetInt32());
        Expect.Error(await _api.GetEntityAsync($"{other}/b"), 404);
    }

    [Fact]
    public async Task deletes_and_admin_calls_parse_the_bearer_header_like_event_writes()
    {
        var (ns, token) = await RegisterAsync();
        await _api.PublishOkAsync($"{ns}/a", FluxApi.Props("v", 1), token);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"api/state/entities/{ns}%2Fa");
        delete.Headers.TryAddWithoutValidation("Authorization", $"bearer  {token} ");
        Expect.Ok(await _api.SendAsync(delete));
        using var register = new HttpRequestMessage(HttpMethod.Post, "api/namespaces") { Content = new StringContent(JsonText.Fill("""{"name":"«0»"}""", Ids.Unique("lower"))) };
        register.Headers.TryAddWithoutValidation("Authorization", $"BEARER {Admin}");
        Expect.Ok(await _api.SendAsync(register));
    }

    [Fact]
    public async Task a_namespace_token_is_not_an_admin_token()
    {
        var (_, token) = await RegisterAsync();
        Expect.Error(await _api.PutConfigAsync("""{"rate_limit_per_namespace_per_minute":3}""", token), 401, "Unauthorized");
        Expect.Error(await _api.RegisterNamespaceAsync(Ids.Unique("byns"), token), 401, "Admin token required");
        Expect.Error(await _api.DeleteNamespaceAsync(Ids.Unique("byns"), token), 401, "Admin token required");
    }

    [Fact]
    public async Task validation_and_the_reserved_namespace_are_checked_before_the_token()
    {
        var (ns, _) = await RegisterAsync();
        Expect.Error(await _api.PublishAsync(EventJson.Event($"{ns}/x", FluxApi.Props("a", 1), stream: "Bad")), 400, "invalid stream format 'Bad': must be lowercase with optional dots");
        Expect.Error(await _api.PublishRawAsync(JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»/x","properties":{"a":1}},"timestamp":0}""", ns)), 400, "timestamp must be positive, got 0");
        Expect.Error(await _api.PublishAsync("flux-core/directory", FluxApi.Props("a", 1)), 403, "entity namespace 'flux-core' is reserved");
        Expect.Error(await _api.DeleteAsync("flux-core/directory"), 403, "entity namespace 'flux-core' is reserved");
        Expect.Error(await _api.BatchAsync("""{"events":[]}"""), 400, "Batch request must contain at least one event");
    }

    [Fact]
    public async Task the_body_size_limit_applies_before_authentication()
    {
        var response = await _api.PublishRawAsync(Http.BodySizeLimitTests.EventOfSize("nobody/x", 1_048_577));
        Expect.Error(response, 413, "payload too large");
    }

    [Fact]
    public async Task auth_mode_is_on_for_true_1_yes_and_on_in_any_case()
    {
        foreach (var value in new[] { "TRUE", "yes" })
        {
            await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_AUTH_ENABLED"] = value });
            Expect.Error(await server.Api.PublishAsync("x/y", FluxApi.Props("a", 1)), 401);
            var registered = Expect.Ok(await server.Api.RegisterNamespaceAsync("open-registry"));
            var token = registered.Json.GetProperty("token").GetString()!;
            await server.Api.PublishOkAsync("open-registry/y", FluxApi.Props("a", 1), token);
        }
        await using var off = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_AUTH_ENABLED"] = "off" });
        await off.Api.PublishOkAsync("x/y", FluxApi.Props("a", 1));
        Expect.Error(await off.Api.RegisterNamespaceAsync("abc"), 404, "Namespace registration not available (auth disabled)");
    }
}
