using System.Text.Json;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Durability;

/// <summary>What a graceful restart keeps and what it does not (docs/api.md G5, G8, §13; checklist 28).</summary>
public sealed class RestartTests
{
    private const string Directory = "flux-core/directory";

    private static async Task<Dictionary<string, JsonElement>> SnapshotAsync(FluxApi api)
    {
        var response = Expect.Ok(await api.ListAsync());
        return response.Json.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e);
    }

    [Fact]
    public async Task a_restart_keeps_every_entity_byte_for_byte_including_last_updated_and_replays_silently()
    {
        await using var server = await FluxServer.StartAsync();
        var api = server.Api;
        var events = new List<JsonNode>();
        for (var i = 0; i < 30; i++)
        {
            var id = i % 3 == 0 ? $"plant/pump-{i % 10}" : i % 3 == 1 ? $"sensor-{i % 7}" : $"odd id ✓ {i % 4}";
            events.Add(EventJson.Event(id, JsonNode.Parse(JsonText.Fill("""{"n":«0»,"big":18446744073709551615,"nested":{"i":«0»},"nul":null}""", i))!.AsObject()));
        }
        Expect.Ok(await api.BatchAsync(EventJson.Batch([.. events])));
        Expect.Ok(await api.DeleteAsync("sensor-1"));
        Expect.Ok(await api.DeleteAsync("plant/pump-3"));
        await api.PublishOkAsync("plant/pump-3", FluxApi.Props("reborn", true));
        Expect.Ok(await api.BatchDeleteAsync("""{"prefix":"odd id ✓ 1"}"""));
        await api.PublishOkAsync("never-deleted", FluxApi.Props("v", "x"));

        var before = await Eventually.HoldsAsync(() => SnapshotAsync(api), s => !s.ContainsKey("sensor-1") && s.ContainsKey("never-deleted"), TimeSpan.FromSeconds(5), "listing settled");
        var historyBefore = Expect.Ok(await api.HistoryAsync("plant/pump-3", "&limit=500")).Json;
        var metricsBefore = await MetricsProbe.SettledAsync(server.BaseAddress);
        var directoryBefore = await Eventually.HoldsAsync(() => api.GetEntityOkAsync(Directory),
            d => d.GetProperty("properties").GetProperty("total_entities").GetInt32() == before.Count - 1, TimeSpan.FromSeconds(6), "directory settled");

        var code = await server.StopAsync();
        Assert.True(code == 0, $"SIGTERM must exit 0, got {code}\n{server.Output}");
        await using var watcher = await EarlySocket.LaunchAndConnectAsync(server);
        await server.WaitUntilReadyAsync();
        api = server.Api;

        var after = await SnapshotAsync(api);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, entity) in before.Where(e => e.Key != Directory))
            Expect.SameJson(entity, after[id], $"entity {id} after restart");
        Expect.SameJson(historyBefore, Expect.Ok(await api.HistoryAsync("plant/pump-3", "&limit=500")).Json, "history after restart");
        await Eventually.HoldsAsync(() => api.GetEntityOkAsync(Directory),
            d => JsonElement.DeepEquals(d.GetProperty("properties"), directoryBefore.GetProperty("properties")), TimeSpan.FromSeconds(6), "directory recomputed to the same properties");

        var metricsAfter = await MetricsProbe.SettledAsync(watcher);
        Assert.Equal(Msg.EventsTotal(metricsBefore), Msg.EventsTotal(metricsAfter));
        Assert.Equal(Msg.EntitiesTotal(metricsBefore), Msg.EntitiesTotal(metricsAfter));
        var replayed = watcher.Messages(m => !Msg.IsMetrics(m) && !Msg.IsUpdateOf(m, Directory));
        Assert.True(replayed.Count == 0, "recovery must not broadcast: " + string.Join(" | ", replayed.Take(5).Select(m => m.GetRawText())));
        Assert.All(watcher.Messages(Msg.IsMetrics), m => Assert.Equal(0.0, Msg.Rate(m)));
    }

    [Fact]
    public async Task namespaces_survive_a_restart_but_runtime_config_changes_do_not()
    {
        const string admin = "restart-admin";
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string>
        {
            ["FLUX_AUTH_ENABLED"] = "true",
            ["FLUX_ADMIN_TOKEN"] = admin,
            ["FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES"] = "4096",
        });
        var registered = Expect.Ok(await server.Api.RegisterNamespaceAsync("persisted", admin)).Json;
        var token = registered.GetProperty("token").GetString()!;
        await server.Api.PublishOkAsync("persisted/x", FluxApi.Props("v", 1), token);
        var lookup = Expect.Ok(await server.Api.GetNamespaceAsync("persisted")).Json;
        Expect.Ok(await server.Api.PutConfigAsync("""{"rate_limit_per_namespace_per_minute":5,"body_size_limit_single_bytes":9999}""", admin));
        Expect.Status(await server.Api.DeleteNamespaceAsync("persisted", admin), 204);
        Expect.Ok(await server.Api.RegisterNamespaceAsync("persisted", admin)).Json.GetProperty("token").GetString();
        var again = Expect.Ok(await server.Api.RegisterNamespaceAsync("second", admin)).Json;

        await server.RestartAsync();

        var config = Expect.Ok(await server.Api.GetConfigAsync()).Json;
        Assert.Equal(10000, config.GetProperty("rate_limit_per_namespace_per_minute").GetInt32());
        Assert.Equal(4096, config.GetProperty("body_size_limit_single_bytes").GetInt32());
        Expect.Error(await server.Api.PublishAsync("persisted/x", FluxApi.Props("v", 2), token), 403);
        await server.Api.PublishOkAsync("second/y", FluxApi.Props("v", 1), again.GetProperty("token").GetString());
        var secondLookup = Expect.Ok(await server.Api.GetNamespaceAsync("second")).Json;
        Assert.Equal(again.GetProperty("namespaceId").GetString(), secondLookup.GetProperty("namespaceId").GetString());
        Assert.NotEqual(lookup.GetProperty("namespaceId").GetString(), Expect.Ok(await server.Api.GetNamespaceAsync("persisted")).Json.GetProperty("namespaceId").GetString());
        Expect.Error(await server.Api.RegisterNamespaceAsync("second", admin), 409, "Namespace name already exists");
        Assert.Equal(1, (await server.Api.GetEntityOkAsync("persisted/x")).GetProperty("properties").GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task a_namespace_token_keeps_working_across_a_restart()
    {
        const string admin = "restart-admin-2";
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_AUTH_ENABLED"] = "1", ["FLUX_ADMIN_TOKEN"] = admin });
        var registered = Expect.Ok(await server.Api.RegisterNamespaceAsync("kept-ns", admin)).Json;
        var token = registered.GetProperty("token").GetString()!;
        var created = Expect.Ok(await server.Api.GetNamespaceAsync("kept-ns")).Json.GetProperty("createdAt").GetString();
        await server.RestartAsync();
        await server.Api.PublishOkAsync("kept-ns/x", FluxApi.Props("v", 1), token);
        var lookup = Expect.Ok(await server.Api.GetNamespaceAsync("kept-ns")).Json;
        Assert.Equal(registered.GetProperty("namespaceId").GetString(), lookup.GetProperty("namespaceId").GetString());
        Assert.Equal(created, lookup.GetProperty("createdAt").GetString());
    }
}
