using System.Text.Json;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Durability;

/// <summary>
/// State equals the fold of the log, also when writes, deletes and published deletion markers for
/// the same entities race each other, and again after a restart (docs/api.md G1, §5; docs/architecture.md invariant 3).
/// </summary>
public sealed class ConcurrentFoldTests
{
    private static readonly string[] Entities = ["race/a", "race/b", "race/c"];

    /// <summary>docs/api.md §5 applied to history in log order: null means "no entity".</summary>
    private static JsonObject? Fold(IEnumerable<JsonElement> newestFirst)
    {
        var state = new JsonObject();
        foreach (var stored in newestFirst.Reverse())
        {
            if (!stored.GetProperty("payload").TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
                continue;
            if (props.TryGetProperty("__deleted__", out var marker) && marker.ValueKind == JsonValueKind.True)
            {
                state = new JsonObject();
                continue;
            }
            foreach (var p in props.EnumerateObject())
                state[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }
        return state.Count == 0 ? null : state;
    }

    private static async Task<List<string>> CompareAsync(FluxApi api, string when)
    {
        var failures = new List<string>();
        foreach (var id in Entities)
        {
            var history = await api.HistoryOkAsync(id, "&limit=500");
            Assert.True(history.Count < 500, $"history of {id} too long to check whole");
            var expected = Fold(history);
            var actual = await api.GetEntityAsync(id);
            if (expected is null && actual.Status != 404)
                failures.Add($"{when}: {id} should not exist after its history, but {actual}");
            else if (expected is not null && (actual.Status != 200 || !JsonElement.DeepEquals(JsonDocument.Parse(expected.ToJsonString()).RootElement, actual.Json.GetProperty("properties"))))
                failures.Add($"{when}: {id} is {actual} but the fold of its history is {expected.ToJsonString()}");
        }
        return failures;
    }

    [Fact]
    public async Task racing_writes_and_deletes_leave_every_entity_equal_to_the_fold_of_its_history()
    {
        await using var server = await FluxServer.StartAsync();
        var api = server.Api;
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 60; i++)
            {
                var id = Entities[random.Next(Entities.Length)];
                switch (random.Next(10))
                {
                    case 0:
                        Expect.Ok(await api.DeleteAsync(id));
                        break;
                    case 1:
                        await api.PublishOkAsync(id, new JsonObject { ["__deleted__"] = true });
                        break;
                    case 2:
                        Expect.Ok(await api.BatchDeleteAsync(JsonText.Fill("""{"entity_ids":["«0»"]}""", id)));
                        break;
                    case 3:
                        Expect.Ok(await api.BatchAsync(EventJson.Batch(
                            EventJson.Event(id, new JsonObject { [$"w{w}"] = i, ["shared"] = $"{w}:{i}" }),
                            EventJson.Event(Entities[(Array.IndexOf(Entities, id) + 1) % Entities.Length], new JsonObject { ["shared"] = $"{w}:{i}:next" }))));
                        break;
                    default:
                        await api.PublishOkAsync(id, new JsonObject { [$"w{w}"] = i, ["shared"] = $"{w}:{i}", ["n"] = null });
                        break;
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var failures = await CompareAsync(api, "live");
        await server.RestartAsync();
        failures.AddRange(await CompareAsync(server.Api, "after restart"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
