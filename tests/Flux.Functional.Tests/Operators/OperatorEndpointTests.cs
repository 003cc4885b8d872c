using System.Globalization;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Operators;

/// <summary>Liveness, readiness, Prometheus metrics, and a memory bound that holds however many entities exist.</summary>
public sealed class OperatorEndpointTests
{
    [Fact]
    public async Task health_readiness_and_metrics_answer_once_started()
    {
        await using var server = await FluxServer.StartAsync();
        Assert.Equal(200, (int)(await server.Http.GetAsync("healthz")).StatusCode);
        Assert.Equal(200, (int)(await server.Http.GetAsync("readyz")).StatusCode);
        await server.Api.PublishOkAsync(Ids.Unique("ops"), FluxApi.Props("a", 1));

        var metrics = await MetricsAsync(server);

        Assert.Equal(1, metrics["flux_events_accepted_total"]);
        Assert.True(metrics["flux_grain_activations"] >= 1);
        Assert.True(metrics["process_resident_memory_bytes"] > 0);
    }

    [Fact]
    public async Task idle_entities_are_unloaded_and_every_entity_stays_readable()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_GRAIN_IDLE_SECONDS"] = "2" });
        var prefix = Ids.Unique("resident") + "-";
        const int entities = 3000;
        await PublishDistinctAsync(server, prefix, 0, entities);
        Assert.True((await MetricsAsync(server))["flux_grain_activations_total"] >= entities);

        var resident = await WaitForAsync(server, metrics => metrics["flux_grain_activations"] <= 50, TimeSpan.FromSeconds(30));

        Assert.True(resident["flux_grain_activations"] <= 50, $"idle entities should be unloaded, {resident["flux_grain_activations"]} still resident");
        Assert.Equal(entities, (await server.Api.ListIdsAsync("?prefix=" + prefix)).Count);
        foreach (var i in new[] { 0, 1234, entities - 1 })
            Assert.Equal(i, (await server.Api.GetEntityOkAsync(prefix + i)).GetProperty("properties").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task near_its_memory_limit_the_server_unloads_entities_and_every_entity_stays_readable()
    {
        // A 192 MiB heap, and entities that never go idle on their own: only memory pressure can unload them.
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimit"] = "0xC000000",
            ["FLUX_GRAIN_IDLE_SECONDS"] = "3600",
        });
        var prefix = Ids.Unique("pressure") + "-";
        var published = 0;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        Dictionary<string, double> metrics;
        do
        {
            await PublishDistinctAsync(server, prefix, published, 10_000);
            published += 10_000;
            metrics = await MetricsAsync(server);
        } while (metrics["flux_grain_deactivations_total"] == 0 && DateTime.UtcNow < deadline);

        Assert.True(metrics["flux_grain_deactivations_total"] > 0, $"nothing was unloaded after {published} entities");
        Assert.True(metrics["flux_grain_activations"] < published);
        foreach (var i in new[] { 0, published / 2, published - 1 })
            Assert.Equal(i, (await server.Api.GetEntityOkAsync(prefix + i)).GetProperty("properties").GetProperty("n").GetInt32());
    }

    /// <summary>Entities <paramref name="first"/>.. of <paramref name="prefix"/>, each with property n = its number, 500 a request.</summary>
    private static async Task PublishDistinctAsync(FluxServer server, string prefix, int first, int count)
    {
        for (var start = first; start < first + count; start += 500)
        {
            var events = Enumerable.Range(start, Math.Min(500, first + count - start))
                .Select(i => (JsonNode)EventJson.Event(prefix + i, FluxApi.Props("n", i)))
                .ToArray();
            Expect.Ok(await server.Api.BatchAsync(EventJson.Batch(events)));
        }
    }

    private static async Task<Dictionary<string, double>> WaitForAsync(FluxServer server, Func<Dictionary<string, double>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var metrics = await MetricsAsync(server);
        while (!condition(metrics) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            metrics = await MetricsAsync(server);
        }
        return metrics;
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(FluxServer server)
    {
        var text = await server.Http.GetStringAsync("metrics");
        return text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
