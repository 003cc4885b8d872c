using System.Text.Json;
using System.Text.RegularExpressions;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Auth;

/// <summary>Namespace registration, lookup and removal in auth mode with an admin token (docs/api.md §6.8; checklist 20–21).</summary>
[Trait("Suite", "conformance")]
public sealed partial class NamespaceTests(AuthServer fixture) : IClassFixture<AuthServer>
{
    private const string Admin = AuthServer.AdminToken;
    private readonly FluxApi _api = fixture.Api;

    private static string Name() => Ids.Unique("ns");

    [Fact]
    public async Task registration_answers_200_with_an_id_the_name_and_a_uuid_v4_token()
    {
        var name = Name();
        var response = Expect.Ok(await _api.RegisterNamespaceAsync(name, Admin));
        Expect.JsonContentType(response);
        Expect.Keys(response.Json, "namespaceId", "name", "token");
        Assert.Matches(NamespaceId(), response.Json.GetProperty("namespaceId").GetString()!);
        Assert.Equal(name, response.Json.GetProperty("name").GetString());
        Assert.Matches(UuidV4(), response.Json.GetProperty("token").GetString()!);
    }

    [Theory]
    [InlineData(null, 401, "Admin token required")]
    [InlineData("wrong-admin", 401, "Admin token required")]
    public async Task registration_needs_the_admin_token(string? token, int status, string message)
    {
        Expect.Error(await _api.RegisterNamespaceAsync(Name(), token), status, message);
    }

    [Theory]
    [InlineData("ab", "Namespace name too short (minimum 3 characters)")]
    [InlineData("", "Namespace name too short (minimum 3 characters)")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "Namespace name too long (maximum 32 characters)")]
    [InlineData("Matt", "Invalid character 'M' (must be [a-z0-9-_])")]
    [InlineData("dawn.coral", "Invalid character '.' (must be [a-z0-9-_])")]
    [InlineData("has space", "Invalid character ' ' (must be [a-z0-9-_])")]
    [InlineData("a/b", "Invalid character '/' (must be [a-z0-9-_])")]
    [InlineData("éé", "Invalid character 'é' (must be [a-z0-9-_])")]
    [InlineData("é", "Namespace name too short (minimum 3 characters)")]
    [InlineData("ééééééééééééééééé", "Namespace name too long (maximum 32 characters)")]
    [InlineData("abc\u00e9", "Invalid character 'é' (must be [a-z0-9-_])")]
    [InlineData("flux-core", "Namespace name is reserved")]
    public async Task invalid_or_reserved_names_are_refused_with_the_exact_message(string name, string message)
    {
        var response = await _api.RegisterNamespaceAsync(name, Admin);
        Expect.Error(response, name == "flux-core" ? 409 : 400, message);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"name":5}""")]
    [InlineData("""{"name":null}""")]
    [InlineData("""[]""")]
    [InlineData("""{""")]
    public async Task a_registration_body_without_a_string_name_is_rejected(string body)
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Post, "api/namespaces", body, Admin), 400);
    }

    [Fact]
    public async Task registration_ignores_unknown_fields_and_needs_no_json_content_type()
    {
        var name = Name();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/namespaces") { Content = new StringContent(JsonText.Fill("""{"name":"«0»","owner":"someone","quota":5}""", name), System.Text.Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Admin);
        Assert.Equal(name, Expect.Ok(await _api.SendAsync(request)).Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task names_of_3_and_32_bytes_with_dashes_and_underscores_are_accepted()
    {
        Expect.Ok(await _api.RegisterNamespaceAsync("a_" + Guid.NewGuid().ToString("N")[..1], Admin));
        Expect.Ok(await _api.RegisterNamespaceAsync(("z-" + Guid.NewGuid().ToString("N") + "abcd")[..32], Admin));
    }

    [Fact]
    public async Task a_duplicate_name_is_a_conflict_and_concurrent_registrations_yield_one_winner()
    {
        var name = Name();
        Expect.Ok(await _api.RegisterNamespaceAsync(name, Admin));
        Expect.Error(await _api.RegisterNamespaceAsync(name, Admin), 409, "Namespace name already exists");

        var contested = Name();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _api.RegisterNamespaceAsync(contested, Admin)));
        Assert.True(attempts.Count(r => r.Status == 200) == 1, string.Join("\n", attempts.Select(a => a.ToString())));
        Assert.All(attempts.Where(r => r.Status != 200), r => Expect.Error(r, 409, "Namespace name already exists"));
    }

    [Fact]
    public async Task lookup_shows_the_namespace_without_its_token_and_counts_its_entities()
    {
        var name = Name();
        var registered = Expect.Ok(await _api.RegisterNamespaceAsync(name, Admin)).Json;
        var token = registered.GetProperty("token").GetString()!;
        await _api.PublishOkAsync($"{name}/a", FluxApi.Props("x", 1), token);
        await _api.PublishOkAsync($"{name}/b/c", FluxApi.Props("x", 1), token);

        var found = await Eventually.HoldsAsync(() => _api.GetNamespaceAsync(name), r => r.Status == 200 && r.Json.GetProperty("entityCount").GetInt32() == 2, TimeSpan.FromSeconds(5), "entityCount 2");
        Expect.JsonContentType(found);
        Expect.Keys(found.Json, "namespaceId", "name", "createdAt", "entityCount");
        Assert.Equal(registered.GetProperty("namespaceId").GetString(), found.Json.GetProperty("namespaceId").GetString());
        Assert.True(Msg.IsServerTimestamp(found.Json.GetProperty("createdAt").GetString()), found.ToString());
        Assert.DoesNotContain(token, found.Body, StringComparison.Ordinal);

        Expect.Ok(await _api.DeleteAsync($"{name}/a", token));
        await Eventually.HoldsAsync(() => _api.GetNamespaceAsync(name), r => r.Json.GetProperty("entityCount").GetInt32() == 1, TimeSpan.FromSeconds(5), "entityCount 1 after a delete");
    }

    [Fact]
    public async Task lookup_and_removal_of_an_unknown_name_answer_404()
    {
        Expect.Error(await _api.GetNamespaceAsync(Name()), 404, "Namespace not found");
        Expect.Error(await _api.DeleteNamespaceAsync(Name(), Admin), 404, "Namespace not found");
    }

    [Fact]
    public async Task removal_checks_the_admin_token_before_existence()
    {
        Expect.Error(await _api.DeleteNamespaceAsync(Name()), 401, "Admin token required");
        Expect.Error(await _api.DeleteNamespaceAsync(Name(), "not-admin"), 401, "Admin token required");
    }

    [Fact]
    public async Task after_removal_the_token_stops_working_entities_remain_and_re_registration_gives_new_credentials()
    {
        var name = Name();
        var first = Expect.Ok(await _api.RegisterNamespaceAsync(name, Admin)).Json;
        var token = first.GetProperty("token").GetString()!;
        await _api.PublishOkAsync($"{name}/kept", FluxApi.Props("v", 1), token);
        await _api.PublishOkAsync($"{name}/orphan", FluxApi.Props("v", 1), token);

        var removed = await _api.DeleteNamespaceAsync(name, Admin);
        Expect.Status(removed, 204);
        Assert.Equal("", removed.Body);
        Expect.Error(await _api.GetNamespaceAsync(name), 404, "Namespace not found");
        Expect.Error(await _api.PublishAsync($"{name}/kept", FluxApi.Props("v", 2), token), 401);
        Assert.Equal(1, (await _api.GetEntityOkAsync($"{name}/kept")).GetProperty("properties").GetProperty("v").GetInt32());
        Expect.Error(await _api.DeleteAsync($"{name}/orphan", token), 403);
        Expect.Ok(await _api.DeleteAsync($"{name}/orphan", Admin));
        Expect.Error(await _api.GetEntityAsync($"{name}/orphan"), 404, "Entity not found");

        var second = Expect.Ok(await _api.RegisterNamespaceAsync(name, Admin)).Json;
        Assert.NotEqual(first.GetProperty("namespaceId").GetString(), second.GetProperty("namespaceId").GetString());
        Assert.NotEqual(token, second.GetProperty("token").GetString());
        Expect.Error(await _api.PublishAsync($"{name}/kept", FluxApi.Props("v", 2), token), 403);
        await _api.PublishOkAsync($"{name}/kept", FluxApi.Props("v", 3), second.GetProperty("token").GetString());
        Assert.Equal(3, (await _api.GetEntityOkAsync($"{name}/kept")).GetProperty("properties").GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task there_is_no_namespace_listing()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "api/namespaces");
        Expect.Error(response, 405, "Method not allowed");
        Assert.DoesNotContain("token", response.Body, StringComparison.Ordinal);
        _ = JsonDocument.Parse(response.Body);
    }

    [GeneratedRegex("^ns_[0-9a-z]{8}$")]
    private static partial Regex NamespaceId();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();
}
