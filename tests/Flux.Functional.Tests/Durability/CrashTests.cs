using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Durability;

/// <summary>
/// Acknowledged writes survive `kill -9` (docs/api.md G5, docs/architecture.md invariants 1 and 3).
///
/// Eight publishers write concurrently — single events and batches — to a dozen entities, every
/// event carrying a client eventId, until the server is killed mid-stream. An event that was sent
/// but not acknowledged may or may not have been stored, so the check after restart is:
/// every acknowledged eventId is in its entity's history exactly once, no eventId appears twice,
/// nothing appears that was never sent, and each entity's state equals the fold (§5) of the history
/// the server itself shows, in log order.
/// </summary>
public sealed class CrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Publishers = 8;
    private const int Entities = 12;
    private const int MaxEventsPerEntity = 400;

    private sealed record Sent(string EventId, string EntityId, JsonObject Properties);

    [Fact]
    public async Task every_acknowledged_event_survives_kill_9_and_state_equals_the_fold_of_history()
    {
        await using var server = await FluxServer.StartAsync();
        var api = server.Api;
        var entities = Enumerable.Range(0, Entities).Select(i => i % 2 == 0 ? $"crash/e{i}" : $"crash-e{i}").ToArray();
        await api.PublishOkAsync("crash/quiet", FluxApi.Props("settled", "before the storm"));
        var quiet = await api.GetEntityOkAsync("crash/quiet");
        var sent = new ConcurrentDictionary<string, Sent>();
        var acknowledged = new ConcurrentDictionary<string, Sent>();
        var perEntity = new int[Entities];
        using var stop = new CancellationTokenSource();

        async Task PublishAsync(int publisher)
        {
            var random = new Random(publisher);
            for (var seq = 0; !stop.IsCancellationRequested; seq++)
            {
                var count = seq % 3 == 0 ? 1 + random.Next(20) : 1;
                var batch = new List<Sent>();
                for (var k = 0; k < count; k++)
                {
                    var e = random.Next(Entities);
                    if (Interlocked.Increment(ref perEntity[e]) > MaxEventsPerEntity)
                        return;
                    var props = new JsonObject { [$"p{publisher}"] = seq, ["last"] = $"{publisher}:{seq}:{k}" };
                    if (random.Next(10) == 0)
                        props[$"x{random.Next(5)}"] = null;
                    batch.Add(new Sent($"w{publisher}-{seq}-{k}", entities[e], props));
                }
                foreach (var s in batch)
                    sent[s.EventId] = s;
                try
                {
                    if (count == 1)
                    {
                        var s = batch[0];
                        var response = await api.PublishAsync(EventJson.Event(s.EntityId, (JsonObject)s.Properties.DeepClone(), source: $"publisher-{publisher}", eventId: s.EventId));
                        if (response.Status == 200)
                            acknowledged[s.EventId] = s;
                    }
                    else
                    {
                        var body = EventJson.Batch([.. batch.Select(s => (JsonNode)EventJson.Event(s.EntityId, (JsonObject)s.Properties.DeepClone(), source: $"publisher-{publisher}", eventId: s.EventId))]);
                        var response = await api.BatchAsync(body);
                        if (response.Status == 200)
                        {
                            var results = response.Json.GetProperty("results").EnumerateArray().ToList();
                            for (var i = 0; i < batch.Count; i++)
                            {
                                if (results[i].GetProperty("error").ValueKind == JsonValueKind.Null)
                                    acknowledged[batch[i].EventId] = batch[i];
                            }
                        }
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or TaskCanceledException)
                {
                    return; // the server died under this request
                }
            }
        }

        var publishers = Enumerable.Range(0, Publishers).Select(p => Task.Run(() => PublishAsync(p))).ToArray();
        await Eventually.HoldsAsync(() => Task.FromResult(acknowledged.Count), n => n >= 1500 || publishers.All(t => t.IsCompleted), TimeSpan.FromSeconds(60), "enough acknowledged events before the crash");
        await server.CrashAsync();
        stop.Cancel();
        await Task.WhenAll(publishers);
        Assert.True(acknowledged.Count > 100, $"too few events acknowledged before the crash: {acknowledged.Count}\n{server.Output}");

        await using var watcher = await EarlySocket.LaunchAndConnectAsync(server);
        await server.WaitUntilReadyAsync();
        api = server.Api;
        var failures = new List<string>();
        var quietAfter = await api.GetEntityOkAsync("crash/quiet");
        if (!JsonElement.DeepEquals(quiet, quietAfter))
            failures.Add($"an entity untouched during the crash changed: {quiet.GetRawText()} became {quietAfter.GetRawText()}");
        foreach (var entity in entities)
        {
            var history = await api.HistoryOkAsync(entity, "&limit=500");
            Assert.True(history.Count < 500, $"history of {entity} is too long to be checked whole");
            var ids = history.Select(e => e.GetProperty("eventId").GetString()!).ToList();
            foreach (var duplicate in ids.GroupBy(i => i).Where(g => g.Count() > 1))
                failures.Add($"{entity}: eventId {duplicate.Key} appears {duplicate.Count()} times in history");
            foreach (var unknown in ids.Where(i => !sent.ContainsKey(i)))
                failures.Add($"{entity}: history holds {unknown}, which was never sent");
            foreach (var missing in acknowledged.Values.Where(a => a.EntityId == entity && !ids.Contains(a.EventId)))
                failures.Add($"{entity}: acknowledged {missing.EventId} is missing after kill -9");

            var fold = new JsonObject();
            foreach (var stored in history.AsEnumerable().Reverse())
            {
                foreach (var property in stored.GetProperty("payload").GetProperty("properties").EnumerateObject())
                    fold[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
            var state = await api.GetEntityAsync(entity);
            if (fold.Count == 0)
            {
                if (state.Status != 404)
                    failures.Add($"{entity}: no events in history but state is {state}");
                continue;
            }
            if (state.Status != 200)
            {
                failures.Add($"{entity}: state missing: {state}");
                continue;
            }
            var actual = state.Json.GetProperty("properties");
            if (!JsonElement.DeepEquals(JsonDocument.Parse(fold.ToJsonString()).RootElement, actual))
                failures.Add($"{entity}: state {actual.GetRawText()} is not the fold of its history {fold.ToJsonString()}");
        }
        output.WriteLine($"kill -9 after {acknowledged.Count} acknowledged of {sent.Count} sent events");
        var replayed = watcher.Messages(m => !Msg.IsMetrics(m) && !Msg.IsUpdateOf(m, "flux-core/directory"));
        if (replayed.Count > 0)
            failures.Add($"recovery broadcast {replayed.Count} messages, e.g. {replayed[0].GetRawText()}");
        Assert.True(failures.Count == 0, $"{failures.Count} durability failures ({acknowledged.Count} acknowledged, {sent.Count} sent):\n" + string.Join("\n", failures.Take(30)));
    }
}
