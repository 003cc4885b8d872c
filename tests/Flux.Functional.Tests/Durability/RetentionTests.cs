using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Durability;

/// <summary>State does not depend on how long the log keeps events (docs/api.md §13, §11 events.total).</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task pruning_the_log_at_start_up_keeps_every_entity_and_the_event_total()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_EVENT_RETENTION_BYTES"] = "1" });
        var api = server.Api;
        for (var i = 0; i < 40; i++)
            await api.PublishOkAsync($"kept/e{i % 8}", FluxApi.Props($"p{i % 3}", i));
        Expect.Ok(await api.DeleteAsync("kept/e7"));
        var before = Expect.Ok(await api.ListAsync()).Json.EnumerateArray().Where(e => e.GetProperty("id").GetString() != "flux-core/directory").ToList();
        var total = Msg.EventsTotal(await MetricsProbe.SettledAsync(server.BaseAddress));

        await server.RestartAsync();
        api = server.Api;
        var pruned = await Eventually.HoldsAsync(() => api.HistoryOkAsync("kept/e0", "&limit=500"), h => h.Count < 5, TimeSpan.FromSeconds(10), "the log pruned at start-up");
        Assert.True(pruned.Count < 5, $"history was not pruned: {pruned.Count} events");

        var after = Expect.Ok(await api.ListAsync()).Json.EnumerateArray().Where(e => e.GetProperty("id").GetString() != "flux-core/directory").ToList();
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
            Expect.SameJson(before[i], after[i], "entity after pruning and restart");
        Assert.Equal(total, Msg.EventsTotal(await MetricsProbe.SettledAsync(server.BaseAddress)));

        await server.RestartAsync();
        var again = Expect.Ok(await server.Api.ListAsync()).Json.EnumerateArray().Where(e => e.GetProperty("id").GetString() != "flux-core/directory").ToList();
        Assert.True(before.Zip(again).All(p => JsonElement.DeepEquals(p.First, p.Second)), "state changed on a second restart after pruning");
        await server.Api.PublishOkAsync("kept/e0", FluxApi.Props("later", true));
        var merged = (await server.Api.GetEntityOkAsync("kept/e0")).GetProperty("properties");
        Assert.True(merged.TryGetProperty("p0", out _) && merged.TryGetProperty("later", out _), merged.GetRawText());
    }
}
