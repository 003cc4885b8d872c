using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Auth;

/// <summary>Per-namespace token buckets in auth mode (docs/api.md §8; checklist 19).</summary>
[Trait("Suite", "conformance")]
public sealed class RateLimitTests
{
    private const string Admin = AuthServer.AdminToken;

    private static Task<FluxUnderTest> StartAsync(string perMinute) => FluxUnderTest.StartAsync(new Dictionary<string, string>
    {
        ["FLUX_AUTH_ENABLED"] = "true",
        ["FLUX_ADMIN_TOKEN"] = Admin,
        ["FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE"] = perMinute,
    });

    private static async Task<string> RegisterAsync(FluxApi api, string name) =>
        Expect.Ok(await api.RegisterNamespaceAsync(name, Admin)).Json.GetProperty("token").GetString()!;

    [Fact]
    public async Task with_a_limit_of_one_the_second_event_is_429_other_namespaces_are_unaffected_and_disabling_lifts_it()
    {
        await using var server = await StartAsync("1");
        var api = server.Api;
        Assert.Equal(1, Expect.Ok(await api.GetConfigAsync()).Json.GetProperty("rate_limit_per_namespace_per_minute").GetInt32());
        var a = await RegisterAsync(api, "bucket-a");
        var b = await RegisterAsync(api, "bucket-b");

        await api.PublishOkAsync("bucket-a/x", FluxApi.Props("n", 1), a);
        var limited = await api.PublishAsync("bucket-a/x", FluxApi.Props("n", 2), a);
        Expect.Error(limited, 429, "rate limit exceeded");
        Assert.True(int.TryParse(limited.Header("Retry-After"), out var retry) && retry is >= 1 and <= 60, $"Retry-After must be an integer in [1,60]: {limited}");
        Assert.Equal(1, (await api.GetEntityOkAsync("bucket-a/x")).GetProperty("properties").GetProperty("n").GetInt32());

        await api.PublishOkAsync("bucket-b/x", FluxApi.Props("n", 1), b);

        var batch = Expect.Ok(await api.BatchAsync(EventJson.Batch(EventJson.Event("bucket-a/y", FluxApi.Props("n", 1))), a));
        Assert.Equal("rate limit exceeded", batch.Json.GetProperty("results")[0].GetProperty("error").GetString());
        Assert.Equal(0, batch.Json.GetProperty("successful").GetInt32());

        Expect.Ok(await api.DeleteAsync("bucket-a/x", a));
        Expect.Ok(await api.DeleteAsync("bucket-a/nothing", a));

        Expect.Ok(await api.PutConfigAsync("""{"rate_limit_enabled":false}""", Admin));
        await api.PublishOkAsync("bucket-a/x", FluxApi.Props("n", 3), a);
        await api.PublishOkAsync("bucket-a/x", FluxApi.Props("n", 4), a);
        await api.PublishOkAsync("bucket-b/x", FluxApi.Props("n", 2), b);
    }

    [Fact]
    public async Task rejected_events_consume_no_tokens_and_a_new_limit_applies_to_the_next_check()
    {
        await using var server = await StartAsync("10000");
        var api = server.Api;
        var token = await RegisterAsync(api, "bucket-c");
        Expect.Ok(await api.PutConfigAsync("""{"rate_limit_per_namespace_per_minute":2}""", Admin));
        for (var i = 0; i < 5; i++)
            Expect.Error(await api.PublishAsync(EventJson.Event("bucket-c/x", FluxApi.Props("n", i), stream: "Invalid"), token), 400);
        await api.PublishOkAsync("bucket-c/x", FluxApi.Props("n", 1), token);
        await api.PublishOkAsync("bucket-c/x", FluxApi.Props("n", 2), token);
        var third = await api.PublishAsync("bucket-c/x", FluxApi.Props("n", 3), token);
        Expect.Error(third, 429, "rate limit exceeded");
    }

    [Fact]
    public async Task the_bucket_refills_continuously_at_the_limit_per_minute()
    {
        await using var server = await StartAsync("60");
        var api = server.Api;
        var token = await RegisterAsync(api, "bucket-e");
        // One batch is one admission, so the 61st event finds the bucket empty however long the batch takes.
        var events = Enumerable.Range(0, 61).Select(i => (System.Text.Json.Nodes.JsonNode)EventJson.Event("bucket-e/x", FluxApi.Props("n", i))).ToArray();
        var batch = Expect.Ok(await api.BatchAsync(EventJson.Batch(events), token)).Json;
        Assert.Equal(60, batch.GetProperty("successful").GetInt32());
        Assert.Equal("rate limit exceeded", batch.GetProperty("results")[60].GetProperty("error").GetString());
        // One token per second comes back: within a few seconds a write succeeds again.
        await Eventually.HoldsAsync(() => api.PublishAsync("bucket-e/x", FluxApi.Props("n", 61), token), r => r.Status == 200, TimeSpan.FromSeconds(5), "a refilled token");
    }

    [Fact]
    public async Task a_batch_over_the_limit_fails_only_the_items_beyond_it()
    {
        await using var server = await StartAsync("3");
        var api = server.Api;
        var token = await RegisterAsync(api, "bucket-d");
        var events = Enumerable.Range(0, 5).Select(i => (System.Text.Json.Nodes.JsonNode)EventJson.Event("bucket-d/x", FluxApi.Props("n", i))).ToArray();
        var response = Expect.Ok(await api.BatchAsync(EventJson.Batch(events), token));
        Assert.Equal(3, response.Json.GetProperty("successful").GetInt32());
        Assert.Equal(2, response.Json.GetProperty("failed").GetInt32());
        var errors = response.Json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("error").GetString()).ToList();
        Assert.Equal([null, null, null, "rate limit exceeded", "rate limit exceeded"], errors);
        Assert.Equal(2, (await api.GetEntityOkAsync("bucket-d/x")).GetProperty("properties").GetProperty("n").GetInt32());
    }
}
