using System.Text;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Http;

/// <summary>Body size limits with their defaults (docs/api.md §9; checklist 11).</summary>
[Trait("Suite", "conformance")]
public sealed class BodySizeLimitTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private const int Single = 1_048_576;
    private const int Batch = 10_485_760;
    private const int Other = 2_097_152;
    private readonly FluxApi _api = fixture.Api;

    /// <summary>A valid single event of exactly <paramref name="size"/> bytes.</summary>
    public static string EventOfSize(string id, int size)
    {
        var skeleton = JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"pad":"«1»"}}}""", id, "");
        return JsonText.Fill("""{"stream":"sensors","source":"s","payload":{"entity_id":"«0»","properties":{"pad":"«1»"}}}""", id, new string('x', size - Encoding.UTF8.GetByteCount(skeleton)));
    }

    private static string BatchOfSize(string id, int size)
    {
        var skeleton = "{\"events\":[" + EventOfSize(id, 200) + "]}";
        return "{\"events\":[" + EventOfSize(id, 200 + size - skeleton.Length) + "]}";
    }

    [Fact]
    public async Task a_single_event_exactly_at_the_default_limit_is_accepted_and_one_byte_more_is_413()
    {
        var id = Ids.Unique("limit");
        var exact = EventOfSize(id, Single);
        Assert.Equal(Single, Encoding.UTF8.GetByteCount(exact));
        Expect.Ok(await _api.PublishRawAsync(exact));
        var over = EventOfSize(id, Single + 1);
        var response = await _api.PublishRawAsync(over);
        Expect.Error(response, 413, "payload too large");
        Assert.Single(await _api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task a_batch_between_2_and_10_mib_is_accepted_and_the_batch_limit_is_exact()
    {
        var id = Ids.Unique("batch-limit");
        var three = BatchOfSize(id, 3 * 1024 * 1024);
        Expect.Ok(await _api.BatchAsync(three));
        var exact = BatchOfSize(id, Batch);
        Assert.Equal(Batch, Encoding.UTF8.GetByteCount(exact));
        Assert.Equal(1, Expect.Ok(await _api.BatchAsync(exact)).Json.GetProperty("successful").GetInt32());
        Expect.Error(await _api.BatchAsync(BatchOfSize(id, Batch + 1)), 413, "payload too large");
        Assert.Equal(2, (await _api.HistoryOkAsync(id)).Count);
    }

    [Fact]
    public async Task a_chunked_body_over_the_limit_is_rejected_with_413()
    {
        var id = Ids.Unique("chunked");
        var body = Encoding.UTF8.GetBytes(EventOfSize(id, Single + 100_000));
        var request = RawHttp.Request(_api.BaseAddress, "POST", "/api/events", body, chunked: true, "Content-Type: application/json");
        var response = await RawHttp.SendAsync(_api.BaseAddress, request, "chunked POST /api/events");
        Expect.Error(response, 413, "payload too large");

        var small = Encoding.UTF8.GetBytes(EventOfSize(id, 5000));
        var ok = await RawHttp.SendAsync(_api.BaseAddress, RawHttp.Request(_api.BaseAddress, "POST", "/api/events", small, chunked: true, "Content-Type: application/json"), "small chunked POST");
        Expect.Ok(ok);
        Assert.Single(await _api.HistoryOkAsync(id));
    }

    [Fact]
    public async Task other_endpoints_have_a_fixed_2_mib_limit()
    {
        static string Padded(string prefix, int size) => prefix + ",\"pad\":\"" + new string('x', size - prefix.Length - 10) + "\"}";
        var exact = Padded("{\"rate_limit_enabled\":null", Other);
        Assert.Equal(Other, exact.Length);
        Expect.Ok(await _api.PutConfigAsync(exact));
        Expect.Error(await _api.PutConfigAsync(Padded("{\"rate_limit_enabled\":null", Other + 1)), 413, "payload too large");

        var id = Ids.Unique("del-limit");
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        Expect.Error(await _api.BatchDeleteAsync(Padded($"{{\"entity_ids\":[\"{id}\"]", Other + 1)), 413, "payload too large");
        await _api.GetEntityOkAsync(id);
        Expect.Ok(await _api.BatchDeleteAsync(Padded($"{{\"entity_ids\":[\"{id}\"]", Other)));
        Expect.Error(await _api.GetEntityAsync(id), 404);
    }

    [Fact]
    public async Task a_content_length_over_the_limit_is_rejected_without_sending_the_body()
    {
        var head = RawHttp.Request(_api.BaseAddress, "POST", "/api/events", null, false, "Content-Type: application/json", $"Content-Length: {Single + 1}");
        var response = await RawHttp.SendAsync(_api.BaseAddress, head, "POST /api/events announcing a body over the limit");
        Expect.Error(response, 413, "payload too large");
    }
}
