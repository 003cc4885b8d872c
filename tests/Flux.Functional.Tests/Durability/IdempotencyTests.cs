using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Durability;

/// <summary>Retried eventIds are applied once (docs/api.md G6, §6.1 step 13, docs/architecture.md invariant 4).</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public async Task a_retry_after_a_restart_is_still_applied_once()
    {
        await using var server = await FluxServer.StartAsync();
        var eventId = "retry-" + Guid.NewGuid();
        await server.Api.PublishOkAsync("idem/x", FluxApi.Props("v", "original"), eventId: eventId);
        await server.Api.PublishOkAsync("idem/x", FluxApi.Props("v", "later"));
        await server.RestartAsync();

        var retry = Expect.Ok(await server.Api.PublishAsync("idem/x", FluxApi.Props("v", "original"), eventId: eventId));
        Assert.Equal(eventId, retry.Json.GetProperty("eventId").GetString());
        var batchRetry = Expect.Ok(await server.Api.BatchAsync(EventJson.Batch(EventJson.Event("idem/x", FluxApi.Props("v", "batch"), eventId: eventId))));
        Assert.Equal(eventId, batchRetry.Json.GetProperty("results")[0].GetProperty("eventId").GetString());
        Assert.Equal(1, batchRetry.Json.GetProperty("successful").GetInt32());

        Assert.Equal("later", (await server.Api.GetEntityOkAsync("idem/x")).GetProperty("properties").GetProperty("v").GetString());
        var history = await server.Api.HistoryOkAsync("idem/x");
        Assert.Equal(2, history.Count);
        Assert.Single(history, e => e.GetProperty("eventId").GetString() == eventId);
    }

    [Fact]
    public async Task a_retry_after_kill_9_is_still_applied_once()
    {
        await using var server = await FluxServer.StartAsync();
        var eventId = "crash-retry-" + Guid.NewGuid();
        await server.Api.PublishOkAsync("idem/y", FluxApi.Props("n", 1), eventId: eventId);
        await server.CrashAsync();
        await server.LaunchAsync(waitUntilReady: true);
        await server.Api.PublishOkAsync("idem/y", FluxApi.Props("n", 2), eventId: eventId);
        Assert.Equal(1, (await server.Api.GetEntityOkAsync("idem/y")).GetProperty("properties").GetProperty("n").GetInt32());
        Assert.Single(await server.Api.HistoryOkAsync("idem/y"));
    }

    [Fact]
    public async Task concurrent_retries_of_one_event_id_store_it_once()
    {
        await using var server = await FluxServer.StartAsync();
        var eventId = "race-" + Guid.NewGuid();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            server.Api.PublishAsync(EventJson.Event("idem/race", FluxApi.Props("attempt", i), eventId: eventId))));
        Assert.All(attempts, a => Assert.Equal(eventId, Expect.Ok(a).Json.GetProperty("eventId").GetString()));
        Assert.Single(await server.Api.HistoryOkAsync("idem/race"));
        var batch = Expect.Ok(await server.Api.BatchAsync(EventJson.Batch([.. Enumerable.Range(0, 5).Select(i => (JsonNode)EventJson.Event("idem/race", FluxApi.Props("attempt", 100 + i), eventId: eventId))])));
        Assert.Equal(5, batch.Json.GetProperty("successful").GetInt32());
        Assert.Single(await server.Api.HistoryOkAsync("idem/race"));
        var state = (await server.Api.GetEntityOkAsync("idem/race")).GetProperty("properties").GetProperty("attempt").GetInt32();
        Assert.InRange(state, 0, 15);
    }

    [Fact]
    public async Task the_same_event_id_for_another_entity_is_still_a_duplicate()
    {
        await using var server = await FluxServer.StartAsync();
        var eventId = "shared-" + Guid.NewGuid();
        await server.Api.PublishOkAsync("idem/first", FluxApi.Props("v", 1), eventId: eventId);
        Assert.Equal(eventId, await server.Api.PublishOkAsync("idem/second", FluxApi.Props("v", 1), eventId: eventId));
        Expect.Error(await server.Api.GetEntityAsync("idem/second"), 404, "Entity not found");
        Assert.Empty(await server.Api.HistoryOkAsync("idem/second"));
    }
}
