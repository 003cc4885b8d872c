using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>`metrics_update` fields (docs/api.md §10.6, §11; checklist 26).</summary>
[Trait("Suite", "conformance")]
public sealed class MetricsTests(MetricsServer fixture) : IClassFixture<MetricsServer>
{
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task metrics_have_every_field_with_integer_counters_and_a_server_timestamp()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var m = await socket.WaitForAsync(Msg.IsMetrics, TimeSpan.FromSeconds(5), "metrics_update");
        Expect.Keys(m, "type", "timestamp", "entities", "events", "websocket", "publishers");
        Expect.Keys(m.GetProperty("entities"), "total");
        Expect.Keys(m.GetProperty("events"), "total", "rate_per_second");
        Expect.Keys(m.GetProperty("websocket"), "connections");
        Expect.Keys(m.GetProperty("publishers"), "active");
        foreach (var counter in new[] { m.GetProperty("entities").GetProperty("total"), m.GetProperty("events").GetProperty("total"), m.GetProperty("websocket").GetProperty("connections"), m.GetProperty("publishers").GetProperty("active") })
        {
            Assert.True(counter.ValueKind == JsonValueKind.Number && counter.TryGetInt64(out _) && !counter.GetRawText().Contains('.', StringComparison.Ordinal), $"integer counter expected: {m.GetRawText()}");
        }
        Assert.Equal(JsonValueKind.Number, m.GetProperty("events").GetProperty("rate_per_second").ValueKind);
        Assert.True(Msg.IsServerTimestamp(m.GetProperty("timestamp").GetString()), m.GetRawText());
    }

    [Fact]
    public async Task the_rate_rises_with_traffic_and_returns_to_zero_within_six_seconds_after_it_stops()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var id = Ids.Unique("rate");
        var events = Enumerable.Range(0, 50).Select(i => (System.Text.Json.Nodes.JsonNode)EventJson.Event(id, FluxApi.Props("n", i))).ToArray();
        Expect.Ok(await _api.BatchAsync(EventJson.Batch(events)));
        var stopped = DateTimeOffset.UtcNow;
        var busy = await socket.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Rate(m) > 0, TimeSpan.FromSeconds(5), "a positive rate");
        Assert.InRange(Msg.Rate(busy), 1.0, 50.0 / 5 + 2);
        var idle = await socket.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Rate(m) == 0 && Msg.Time(m) > stopped, TimeSpan.FromSeconds(10), "the rate back at 0");
        Assert.True(Msg.Time(idle) - stopped < TimeSpan.FromSeconds(8), $"rate should be 0 about 5 s after the traffic stopped, was at {Msg.Time(idle) - stopped}");
    }

    [Fact]
    public async Task events_total_counts_tombstones_but_not_deduplicated_retries_and_entities_total_matches_the_listing()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var before = await MetricsProbe.SettledAsync(socket);
        var id = Ids.Unique("count");
        var eventId = "count-" + Guid.NewGuid();
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1), eventId: eventId);
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1), eventId: eventId);
        await _api.PublishOkAsync(id + "-2", FluxApi.Props("a", 1));
        Expect.Ok(await _api.DeleteAsync(id + "-2"));
        Expect.Ok(await _api.DeleteAsync(id + "-never"));
        var after = await MetricsProbe.SettledAsync(socket);
        Assert.Equal(Msg.EventsTotal(before) + 4, Msg.EventsTotal(after));
        Assert.Equal(Msg.EntitiesTotal(before) + 1, Msg.EntitiesTotal(after));
        Assert.Equal((await _api.ListIdsAsync()).Count, Msg.EntitiesTotal(after));
    }

    [Fact]
    public async Task websocket_connections_counts_open_connections_including_the_receiver()
    {
        await using var first = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var alone = await MetricsProbe.SettledAsync(first);
        var baseline = Msg.Connections(alone);
        Assert.True(baseline >= 1, alone.GetRawText());
        var second = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await first.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == baseline + 1, TimeSpan.FromSeconds(5), "one more connection counted");
        await second.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == baseline + 1, TimeSpan.FromSeconds(5), "the second connection counts itself");
        await second.DisposeAsync();
        await first.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Connections(m) == baseline, TimeSpan.FromSeconds(5), "the closed connection no longer counted");
    }

    [Fact]
    public async Task active_publishers_are_distinct_sources_in_the_window_with_tombstones_as_api()
    {
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await socket.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Publishers(m) == 0, TimeSpan.FromSeconds(10), "no active publishers after the window");
        var id = Ids.Unique("pub");
        foreach (var source in new[] { "agent-1", "agent-2", "agent-2", "agent-3" })
            Expect.Ok(await _api.PublishAsync(EventJson.Event(id, FluxApi.Props("s", source), source: source)));
        Expect.Ok(await _api.DeleteAsync(id));
        await socket.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Publishers(m) == 4, TimeSpan.FromSeconds(5), "three sources plus api");
        await socket.WaitForAsync(m => Msg.IsMetrics(m) && Msg.Publishers(m) == 0, TimeSpan.FromSeconds(8), "publishers expire after the window");
    }
}
