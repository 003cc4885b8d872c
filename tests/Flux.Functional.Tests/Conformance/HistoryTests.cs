using System.Text;
using System.Text.Json.Nodes;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>GET /api/events (docs/api.md §6.3; checklist 29).</summary>
[Trait("Suite", "conformance")]
public sealed class HistoryTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    private async Task<List<string>> PublishManyAsync(string id, int count)
    {
        var events = Enumerable.Range(1, count).Select(i => (JsonNode)EventJson.Event(id, FluxApi.Props("n", i))).ToArray();
        var json = Expect.Ok(await _api.BatchAsync(EventJson.Batch(events))).Json;
        Assert.Equal(count, json.GetProperty("successful").GetInt32());
        return json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("eventId").GetString()!).ToList();
    }

    [Fact]
    public async Task limit_two_on_five_events_returns_the_two_newest_newest_first()
    {
        var id = Ids.Unique("hist");
        var ids = await PublishManyAsync(id, 5);
        var history = await _api.HistoryOkAsync(id, "&limit=2");
        Assert.Equal([ids[4], ids[3]], history.Select(e => e.GetProperty("eventId").GetString()!).ToList());
    }

    [Fact]
    public async Task since_in_the_future_returns_an_empty_array()
    {
        var id = Ids.Unique("future");
        await PublishManyAsync(id, 2);
        var response = Expect.Ok(await _api.HistoryAsync(id, "&since=2999-01-01T00:00:00Z"));
        Expect.JsonContentType(response);
        Assert.Equal("[]", response.Body.Trim());
    }

    [Fact]
    public async Task since_filters_on_acceptance_time_including_fractions_and_offsets()
    {
        var id = Ids.Unique("since");
        await _api.PublishOkAsync(id, FluxApi.Props("n", 1));
        var middle = (await _api.GetEntityOkAsync(id)).GetProperty("lastUpdated").GetString()!;
        var middleTime = DateTimeOffset.Parse(middle, System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > middleTime.AddMilliseconds(5), TimeSpan.FromSeconds(5), "clock moved");
        var second = await _api.PublishOkAsync(id, FluxApi.Props("n", 2));

        var sinceSecond = await _api.HistoryOkAsync(id, "&since=" + Uri.EscapeDataString(middleTime.AddTicks(10).ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([second], sinceSecond.Select(e => e.GetProperty("eventId").GetString()!).ToList());
        var sinceFirst = await _api.HistoryOkAsync(id, "&since=" + Uri.EscapeDataString(middle));
        Assert.Equal(2, sinceFirst.Count);
        var offset = middleTime.ToOffset(TimeSpan.FromHours(5.5)).AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, (await _api.HistoryOkAsync(id, "&since=" + Uri.EscapeDataString(offset))).Count);
    }

    [Fact]
    public async Task since_with_a_literal_plus_sent_unencoded_is_read_as_the_offset_sign()
    {
        var id = Ids.Unique("plus");
        await PublishManyAsync(id, 2);
        var past = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "+00:00";
        var target = $"/api/events?entity={Uri.EscapeDataString(id)}&since={past}";
        Assert.Contains('+', target);
        var response = await RawHttp.SendAsync(_api.BaseAddress, RawHttp.Request(_api.BaseAddress, "GET", target), "GET " + target);
        Expect.Ok(response);
        Assert.Equal(2, response.Json.GetArrayLength());

        var future = $"/api/events?entity={Uri.EscapeDataString(id)}&since=2999-01-01T00:00:00+00:00";
        var none = await RawHttp.SendAsync(_api.BaseAddress, RawHttp.Request(_api.BaseAddress, "GET", future), "GET " + future);
        Assert.Equal("[]", Expect.Ok(none).Body.Trim());
    }

    [Fact]
    public async Task limits_below_one_become_one_and_above_500_become_500()
    {
        var id = Ids.Unique("cap");
        var ids = await PublishManyAsync(id, 502);
        Assert.Equal([ids[^1]], (await _api.HistoryOkAsync(id, "&limit=0")).Select(e => e.GetProperty("eventId").GetString()!).ToList());
        Assert.Single(await _api.HistoryOkAsync(id, "&limit=-7"));
        var capped = await _api.HistoryOkAsync(id, "&limit=1000");
        Assert.Equal(500, capped.Count);
        Assert.Equal(ids[^1], capped[0].GetProperty("eventId").GetString());
        Assert.Equal(ids[2], capped[^1].GetProperty("eventId").GetString());
        Assert.Equal(100, (await _api.HistoryOkAsync(id)).Count);
    }

    [Fact]
    public async Task the_entity_parameter_is_percent_decoded_and_matched_exactly()
    {
        var ns = Ids.Unique("pump");
        await _api.PublishOkAsync($"{ns}/pump-01", FluxApi.Props("p", 1));
        await _api.PublishOkAsync($"{ns}/pump-011", FluxApi.Props("p", 1));
        var response = Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/events?entity={ns}%2Fpump-01"));
        var only = Assert.Single(response.Json.EnumerateArray());
        Assert.Equal($"{ns}/pump-01", only.GetProperty("payload").GetProperty("entity_id").GetString());
    }

    [Fact]
    public async Task the_system_entity_has_no_history()
    {
        var response = Expect.Ok(await _api.HistoryAsync("flux-core/directory"));
        Assert.Equal("[]", response.Body.Trim());
    }

    [Fact]
    public async Task an_unknown_entity_has_an_empty_history()
    {
        Assert.Equal("[]", Expect.Ok(await _api.HistoryAsync(Ids.Unique("nobody"))).Body.Trim());
    }

    [Theory]
    [InlineData("api/events", "entity parameter is required")]
    [InlineData("api/events?entity=", "entity parameter is required")]
    [InlineData("api/events?limit=5", "entity parameter is required")]
    [InlineData("api/events?entity=x&since=yesterday", "invalid `since` timestamp (expected ISO 8601)")]
    [InlineData("api/events?entity=x&since=2026-13-45T00:00:00Z", "invalid `since` timestamp (expected ISO 8601)")]
    [InlineData("api/events?entity=x&limit=ten", null)]
    [InlineData("api/events?entity=x&limit=1.5", null)]
    [InlineData("api/events?entity=x&limit=99999999999999999999", null)]
    public async Task bad_history_queries_are_rejected_with_400(string path, string? message)
    {
        Expect.Error(await _api.SendAsync(HttpMethod.Get, path), 400, message);
    }

    [Fact]
    public async Task history_shows_events_of_one_entity_only_with_the_full_payload()
    {
        var id = Ids.Unique("payload");
        var other = Ids.Unique("payload-other");
        await _api.PublishOkAsync(other, FluxApi.Props("x", 1));
        Expect.Ok(await _api.PublishRawAsync(JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"ü":"✓"},"extra":[1]}}""", id)));
        var only = Assert.Single(await _api.HistoryOkAsync(id));
        Assert.Equal("✓", only.GetProperty("payload").GetProperty("properties").GetProperty("ü").GetString());
        Assert.Equal(1, only.GetProperty("payload").GetProperty("extra")[0].GetInt32());
        Assert.Equal(Encoding.UTF8.GetByteCount("✓"), Encoding.UTF8.GetByteCount(only.GetProperty("payload").GetProperty("properties").GetProperty("ü").GetString()!));
    }

    [Theory]
    [InlineData("2020-01-01T00:00:00Z")]
    [InlineData("2020-01-01t00:00:00z")]
    [InlineData("2020-01-01T00:00:00.123456789Z")]
    [InlineData("2020-01-01T00:00:00.5-05:00")]
    [InlineData("2019-12-31T23:59:59+14:00")]
    public async Task since_accepts_any_rfc_3339_date_time(string since)
    {
        var id = Ids.Unique("rfc3339");
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        Assert.Single(await _api.HistoryOkAsync(id, "&since=" + Uri.EscapeDataString(since)));
    }

    [Fact]
    public async Task a_plus_in_the_entity_parameter_reads_as_a_space()
    {
        var id = Ids.Unique("with space") + " tail";
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var response = Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/events?entity=" + id.Replace(' ', '+')));
        Assert.Equal(1, response.Json.GetArrayLength());
    }
}
