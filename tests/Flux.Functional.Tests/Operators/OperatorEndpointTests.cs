using System.Globalization;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Client;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Operators;

/// <summary>Liveness, readiness, Prometheus metrics, and a memory bound that holds however many entities exist.</summary>
public sealed class OperatorEndpointTests
{
    private const int ActivationCap = 200;

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
    public async Task resident_entities_stay_under_the_activation_cap_and_every_entity_stays_readable()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string>
        {
            ["FLUX_MAX_ACTIVATIONS"] = ActivationCap.ToString(CultureInfo.InvariantCulture),
            ["FLUX_GRAIN_IDLE_SECONDS"] = "2",
        });
        var prefix = Ids.Unique("resident") + "-";
        const int entities = 3000;
        for (var first = 0; first < entities; first += 100)
        {
            var events = Enumerable.Range(first, 100)
                .Select(i => (JsonNode)EventJson.Event(prefix + i, FluxApi.Props("n", i)))
                .ToArray();
            Expect.Ok(await server.Api.BatchAsync(EventJson.Batch(events)));
        }

        var loaded = await MetricsAsync(server);
        Assert.InRange(loaded["flux_grain_activations"], 1, ActivationCap);
        Assert.Equal(entities, (await server.Api.ListIdsAsync("?prefix=" + prefix)).Count);
        foreach (var i in new[] { 0, 1234, entities - 1 })
            Assert.Equal(i, (await server.Api.GetEntityOkAsync(prefix + i)).GetProperty("properties").GetProperty("n").GetInt32());

        var deadline = DateTime.UtcNow.AddSeconds(20);
        double resident;
        do
        {
            await Task.Delay(500);
            resident = (await MetricsAsync(server))["flux_grain_activations"];
        } while (resident > 10 && DateTime.UtcNow < deadline);
        Assert.True(resident <= 10, $"idle entities should be unloaded, {resident} still resident");
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
