using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Http;

/// <summary>GET/PUT /api/admin/config with an admin token configured (docs/api.md §6.9; checklist 22).</summary>
[Trait("Suite", "conformance")]
public sealed class AdminConfigTests(AdminServer fixture) : IClassFixture<AdminServer>
{
    private const string Admin = AdminServer.AdminToken;

    private static Task<FluxUnderTest> StartAsync(Dictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string> { ["FLUX_ADMIN_TOKEN"] = Admin };
        foreach (var (k, v) in extra ?? [])
            env[k] = v;
        return FluxUnderTest.StartAsync(env);
    }

    [Fact]
    public async Task get_returns_exactly_the_four_keys_with_their_defaults()
    {
        await using var server = await FluxUnderTest.StartAsync();
        var response = Expect.Ok(await server.Api.GetConfigAsync());
        Expect.JsonContentType(response);
        Expect.SameJson(JsonDocument.Parse("""{"rate_limit_enabled":true,"rate_limit_per_namespace_per_minute":10000,"body_size_limit_single_bytes":1048576,"body_size_limit_batch_bytes":10485760}""").RootElement,
            response.Json, "default configuration");
    }

    [Fact]
    public async Task a_partial_update_changes_one_key_returns_all_four_and_a_wrong_token_is_unauthorized()
    {
        var api = fixture.Api;
        var updated = Expect.Ok(await api.PutConfigAsync("""{"rate_limit_per_namespace_per_minute":42,"unknown":"ignored"}""", Admin));
        Expect.JsonContentType(updated);
        Expect.SameJson(JsonDocument.Parse("""{"rate_limit_enabled":true,"rate_limit_per_namespace_per_minute":42,"body_size_limit_single_bytes":1048576,"body_size_limit_batch_bytes":10485760}""").RootElement,
            updated.Json, "configuration after a partial update");
        Expect.SameJson(updated.Json, Expect.Ok(await api.GetConfigAsync()).Json, "GET after PUT");

        Expect.Error(await api.PutConfigAsync("""{"rate_limit_per_namespace_per_minute":7}""", "wrong-token"), 401, "Unauthorized");
        Expect.Error(await api.PutConfigAsync("""{"rate_limit_per_namespace_per_minute":7}"""), 401, "Unauthorized");
        Assert.Equal(42, Expect.Ok(await api.GetConfigAsync()).Json.GetProperty("rate_limit_per_namespace_per_minute").GetInt32());

        var nulls = Expect.Ok(await api.PutConfigAsync("""{"rate_limit_enabled":null,"rate_limit_per_namespace_per_minute":null,"body_size_limit_single_bytes":2048}""", Admin));
        Assert.Equal(42, nulls.Json.GetProperty("rate_limit_per_namespace_per_minute").GetInt32());
        Assert.True(nulls.Json.GetProperty("rate_limit_enabled").GetBoolean());
        Assert.Equal(2048, nulls.Json.GetProperty("body_size_limit_single_bytes").GetInt32());
    }

    [Theory]
    [InlineData("""{"rate_limit_enabled":"yes"}""")]
    [InlineData("""{"rate_limit_enabled":1}""")]
    [InlineData("""{"rate_limit_per_namespace_per_minute":0}""")]
    [InlineData("""{"rate_limit_per_namespace_per_minute":-1}""")]
    [InlineData("""{"rate_limit_per_namespace_per_minute":1.5}""")]
    [InlineData("""{"rate_limit_per_namespace_per_minute":"10"}""")]
    [InlineData("""{"body_size_limit_single_bytes":0}""")]
    [InlineData("""{"body_size_limit_batch_bytes":false}""")]
    [InlineData("""[]""")]
    [InlineData("""{""")]
    [InlineData("""not json""")]
    [InlineData("""null""")]
    [InlineData("")]
    [InlineData("""{"body_size_limit_single_bytes":[1024]}""")]
    public async Task invalid_updates_are_rejected_and_change_nothing(string body)
    {
        var api = fixture.Api;
        var before = Expect.Ok(await api.GetConfigAsync()).Json;
        Expect.Error(await api.PutConfigAsync(body, Admin), 400);
        Expect.SameJson(before, Expect.Ok(await api.GetConfigAsync()).Json, "configuration after a rejected update");
    }

    [Fact]
    public async Task without_an_admin_token_configured_anyone_may_update_and_an_empty_token_counts_as_none()
    {
        await using var server = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_ADMIN_TOKEN"] = "" });
        var response = Expect.Ok(await server.Api.PutConfigAsync("""{"rate_limit_enabled":false}"""));
        Assert.False(response.Json.GetProperty("rate_limit_enabled").GetBoolean());
        Expect.Ok(await server.Api.PutConfigAsync("""{"rate_limit_enabled":true}""", "anything"));
    }

    [Fact]
    public async Task initial_values_come_from_the_environment_and_a_new_single_limit_applies_to_the_next_request()
    {
        await using var server = await StartAsync(new Dictionary<string, string>
        {
            ["FLUX_RATE_LIMIT_ENABLED"] = "false",
            ["FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE"] = "77",
            ["FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES"] = "5000",
            ["FLUX_BODY_SIZE_LIMIT_BATCH_BYTES"] = "6000",
        });
        var api = server.Api;
        Expect.SameJson(JsonDocument.Parse("""{"rate_limit_enabled":false,"rate_limit_per_namespace_per_minute":77,"body_size_limit_single_bytes":5000,"body_size_limit_batch_bytes":6000}""").RootElement,
            Expect.Ok(await api.GetConfigAsync()).Json, "configuration from the environment");

        var id = Ids.Unique("cfg");
        await api.PublishOkAsync(id, FluxApi.Props("pad", new string('x', 200)));
        Expect.Ok(await api.PutConfigAsync("""{"body_size_limit_single_bytes":100}""", Admin));
        Expect.Error(await api.PublishAsync(id, FluxApi.Props("pad", new string('x', 200))), 413, "payload too large");
    }

    [Fact]
    public async Task a_limit_beyond_32_bits_is_kept_exactly_or_refused_with_400()
    {
        var before = Expect.Ok(await fixture.Api.GetConfigAsync()).Json;
        var response = await fixture.Api.PutConfigAsync("""{"body_size_limit_batch_bytes":10000000000}""", Admin);
        if (response.Status == 200)
        {
            Assert.Equal("10000000000", response.Json.GetProperty("body_size_limit_batch_bytes").GetRawText());
            Expect.Ok(await fixture.Api.PutConfigAsync(JsonText.Fill("""{"body_size_limit_batch_bytes":«0»}""", before.GetProperty("body_size_limit_batch_bytes").GetRawText()), Admin));
        }
        else
        {
            Expect.Error(response, 400);
        }
    }

    [Fact]
    public async Task in_open_mode_namespace_removal_still_needs_the_configured_admin_token()
    {
        Expect.Error(await fixture.Api.DeleteNamespaceAsync("some-name"), 401, "Admin token required");
        Expect.Error(await fixture.Api.DeleteNamespaceAsync("some-name", Admin), 404, "Namespace not found");
    }

    [Fact]
    public async Task the_admin_token_is_matched_with_any_bearer_casing_and_surrounding_whitespace()
    {
        var server = fixture.Server;
        foreach (var header in new[] { $"bearer {Admin}", $"BEARER   {Admin}  " })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "api/admin/config") { Content = new StringContent("""{"rate_limit_per_namespace_per_minute":9}""") };
            request.Headers.TryAddWithoutValidation("Authorization", header);
            Expect.Ok(await server.Api.SendAsync(request));
        }
        using var basic = new HttpRequestMessage(HttpMethod.Put, "api/admin/config") { Content = new StringContent("{}") };
        basic.Headers.TryAddWithoutValidation("Authorization", $"Basic {Admin}");
        Expect.Error(await server.Api.SendAsync(basic), 401, "Unauthorized");
    }
}
