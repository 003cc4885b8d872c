using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>Read-your-writes, atomic events and notifications that follow state (docs/api.md G2, G4, G7).</summary>
[Trait("Suite", "conformance")]
public sealed class ConsistencyTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task every_acknowledged_write_is_visible_to_the_next_read_under_concurrency()
    {
        var prefix = Ids.Unique("ryw");
        var stale = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            var id = $"{prefix}/w{writer}";
            for (var n = 0; n < 40; n++)
            {
                if (n % 5 == 0)
                    Expect.Ok(await _api.BatchAsync(EventJson.Batch(EventJson.Event(id, FluxApi.Props("n", n)))));
                else
                    await _api.PublishOkAsync(id, FluxApi.Props("n", n));
                var read = (await _api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("n").GetInt32();
                if (read != n)
                    stale.Add($"{id}: wrote {n}, read {read}");
                var newest = (await _api.HistoryOkAsync(id, "&limit=1"))[0].GetProperty("payload").GetProperty("properties").GetProperty("n").GetInt32();
                if (newest != n)
                    stale.Add($"{id}: wrote {n}, history shows {newest}");
            }
        }));
        Assert.True(stale.IsEmpty, string.Join("\n", stale.Take(20)));
    }

    [Fact]
    public async Task a_reader_never_sees_half_of_one_event()
    {
        var id = Ids.Unique("atomic");
        await _api.PublishOkAsync(id, JsonNode.Parse("""{"a":0,"b":0,"c":0}""")!.AsObject());
        using var done = new CancellationTokenSource();
        var torn = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var p = (await _api.GetEntityOkAsync(id)).GetProperty("properties");
                var (a, b, c) = (p.GetProperty("a").GetInt32(), p.GetProperty("b").GetInt32(), p.GetProperty("c").GetInt32());
                if (a != b || b != c)
                    torn.Add(p.GetRawText());
            }
        });
        for (var n = 1; n <= 150; n++)
            await _api.PublishOkAsync(id, JsonNode.Parse(JsonText.Fill("""{"a":«0»,"b":«0»,"c":«0»}""", n))!.AsObject());
        await done.CancelAsync();
        await reader;
        Assert.True(torn.Count == 0, "torn reads: " + string.Join(" | ", torn.Take(10)));
    }

    [Fact]
    public async Task a_state_update_arrives_only_once_http_readers_can_see_the_change()
    {
        var id = Ids.Unique("follows");
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.SubscribeAsync(id);
        var behind = new List<string>();
        var publishing = Task.Run(async () =>
        {
            for (var n = 0; n < 60; n++)
                await _api.PublishOkAsync(id, FluxApi.Props("n", n));
        });
        for (var n = 0; n < 60; n++)
        {
            var update = await socket.WaitForAsync(m => Msg.IsUpdateOf(m, id, "n") && m.GetProperty("value").GetInt32() == n, TimeSpan.FromSeconds(10), $"update n={n}");
            var seen = (await _api.GetEntityOkAsync(id)).GetProperty("properties").GetProperty("n").GetInt32();
            if (seen < n)
                behind.Add($"update said {n} but GET returned {seen}");
        }
        await publishing;
        Assert.True(behind.Count == 0, string.Join("\n", behind));
    }
}
