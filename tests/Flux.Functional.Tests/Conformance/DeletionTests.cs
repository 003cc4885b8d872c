using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>Single and batch deletes and tombstones (docs/api.md §6.6, §6.7; checklist 13–15).</summary>
[Trait("Suite", "conformance")]
public sealed class DeletionTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task delete_answers_entity_id_and_event_id_then_get_is_404_and_history_ends_with_the_tombstone()
    {
        var id = $"{Ids.Unique("del")}/sensor-01";
        await using var subscribedElsewhere = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await subscribedElsewhere.SubscribeAsync("some-other-entity");
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var response = Expect.Ok(await _api.DeleteAsync(id));
        Expect.JsonContentType(response);
        Expect.Keys(response.Json, "entity_id", "eventId");
        Assert.Equal(id, response.Json.GetProperty("entity_id").GetString());
        var tombstoneId = response.Json.GetProperty("eventId").GetString()!;

        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
        var deleted = await socket.WaitForAsync(m => Msg.IsDeletionOf(m, id), Wait, "entity_deleted");
        Expect.Keys(deleted, "type", "entity_id", "timestamp");
        Assert.True(Msg.IsServerTimestamp(deleted.GetProperty("timestamp").GetString()), deleted.GetRawText());
        await subscribedElsewhere.WaitForAsync(m => Msg.IsDeletionOf(m, id), Wait, "entity_deleted on a connection subscribed to another id");

        var history = await _api.HistoryOkAsync(id);
        Assert.Equal(2, history.Count);
        var tombstone = history[0];
        Expect.Keys(tombstone, "eventId", "stream", "source", "timestamp", "key", "payload");
        Assert.Equal(tombstoneId, tombstone.GetProperty("eventId").GetString());
        Assert.Equal("flux.events.deletions", tombstone.GetProperty("stream").GetString());
        Assert.Equal("api", tombstone.GetProperty("source").GetString());
        Assert.Equal(id, tombstone.GetProperty("key").GetString());
        var ts = tombstone.GetProperty("timestamp").GetInt64();
        Assert.InRange(ts, before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
        var payload = tombstone.GetProperty("payload");
        Assert.Equal(id, payload.GetProperty("entity_id").GetString());
        Expect.SameJson(JsonDocument.Parse(JsonText.Fill("""{"__deleted__":true,"__deleted_at__":«0»}""", ts)).RootElement, payload.GetProperty("properties"), "tombstone properties");
        await Eventually.HoldsAsync(() => _api.ListIdsAsync(), ids => !ids.Contains(id), Wait, "listing drops the deleted entity");
    }

    [Fact]
    public async Task publishing_after_a_delete_creates_an_entity_with_only_the_new_properties()
    {
        var id = Ids.Unique("reborn");
        await _api.PublishOkAsync(id, JsonNodeOf("""{"old":1,"shared":"old"}"""));
        Expect.Ok(await _api.DeleteAsync(id));
        await _api.PublishOkAsync(id, JsonNodeOf("""{"shared":"new"}"""));
        Expect.SameJson(JsonDocument.Parse("""{"shared":"new"}""").RootElement, (await _api.GetEntityOkAsync(id)).GetProperty("properties"), "properties after re-creation");
    }

    [Fact]
    public async Task deleting_an_entity_that_never_existed_still_writes_a_tombstone_and_broadcasts_nothing()
    {
        var id = Ids.Unique("ghost");
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var response = Expect.Ok(await _api.DeleteAsync(id));
        Assert.Equal(id, response.Json.GetProperty("entity_id").GetString());
        var history = await _api.HistoryOkAsync(id);
        Assert.Equal("flux.events.deletions", Assert.Single(history).GetProperty("stream").GetString());
        // A later deletion of a real entity proves the socket is live; nothing may have come for the ghost.
        var real = Ids.Unique("real");
        await _api.PublishOkAsync(real, FluxApi.Props("a", 1));
        Expect.Ok(await _api.DeleteAsync(real));
        await socket.WaitForAsync(m => Msg.IsDeletionOf(m, real), Wait, "entity_deleted of the real entity");
        Assert.Empty(socket.Messages(m => Msg.EntityId(m) == id));
    }

    [Fact]
    public async Task the_system_entity_cannot_be_deleted()
    {
        Expect.Error(await _api.DeleteAsync("flux-core/directory"), 403, "entity namespace 'flux-core' is reserved");
        Expect.Ok(await _api.GetEntityAsync("flux-core/directory"));
    }

    [Fact]
    public async Task batch_delete_by_prefix_deletes_every_match_and_nothing_else()
    {
        var prefix = Ids.Unique("loadtest") + "-";
        foreach (var i in new[] { 1, 2, 3 })
            await _api.PublishOkAsync(prefix + i, FluxApi.Props("a", i));
        var bystander = prefix[..^1] + "x";
        await _api.PublishOkAsync(bystander, FluxApi.Props("a", 0));
        await Eventually.HoldsAsync(() => _api.ListIdsAsync("?prefix=" + prefix), ids => ids.Count == 3, Wait, "three entities listed");

        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var response = Expect.Ok(await _api.BatchDeleteAsync($$"""{"prefix":"{{prefix}}"}"""));
        Expect.JsonContentType(response);
        Expect.Keys(response.Json, "deleted", "failed", "errors");
        Expect.SameJson(JsonDocument.Parse("""{"deleted":3,"failed":0,"errors":[]}""").RootElement, response.Json, "batch delete result");
        foreach (var i in new[] { 1, 2, 3 })
        {
            Expect.Error(await _api.GetEntityAsync(prefix + i), 404, "Entity not found");
            await socket.WaitForAsync(m => Msg.IsDeletionOf(m, prefix + i), Wait, "entity_deleted " + i);
        }
        await _api.GetEntityOkAsync(bystander);
    }

    [Fact]
    public async Task batch_delete_by_namespace_deletes_only_ids_under_that_namespace()
    {
        var ns = Ids.Unique("sandbox");
        await _api.PublishOkAsync($"{ns}/a", FluxApi.Props("a", 1));
        await _api.PublishOkAsync($"{ns}/deep/b", FluxApi.Props("a", 1));
        await _api.PublishOkAsync($"{ns}-flat", FluxApi.Props("a", 1));
        await Eventually.HoldsAsync(() => _api.ListIdsAsync("?namespace=" + ns), ids => ids.Count == 2, Wait, "two namespaced entities listed");

        var json = Expect.Ok(await _api.BatchDeleteAsync($$"""{"namespace":"{{ns}}"}""")).Json;
        Assert.Equal(2, json.GetProperty("deleted").GetInt32());
        Expect.Error(await _api.GetEntityAsync($"{ns}/a"), 404);
        Expect.Error(await _api.GetEntityAsync($"{ns}/deep/b"), 404);
        await _api.GetEntityOkAsync($"{ns}-flat");
    }

    [Fact]
    public async Task batch_delete_by_ids_keeps_order_and_duplicates_and_counts_missing_ids()
    {
        var a = Ids.Unique("ids-a");
        var missing = Ids.Unique("ids-missing");
        await _api.PublishOkAsync(a, FluxApi.Props("a", 1));
        await using var socket = await LiveSocket.ConnectAsync(_api.BaseAddress);
        var json = Expect.Ok(await _api.BatchDeleteAsync($$"""{"entity_ids":["{{a}}","{{missing}}","{{a}}"]}""")).Json;
        Expect.SameJson(JsonDocument.Parse("""{"deleted":3,"failed":0,"errors":[]}""").RootElement, json, "batch delete by ids");
        Expect.Error(await _api.GetEntityAsync(a), 404);
        await socket.WaitForAsync(m => Msg.IsDeletionOf(m, a), Wait, "entity_deleted for the existing id");
        Assert.Single(await _api.HistoryOkAsync(missing));
    }

    [Fact]
    public async Task a_reserved_id_in_a_batch_delete_becomes_a_failure_entry()
    {
        var a = Ids.Unique("with-reserved");
        await _api.PublishOkAsync(a, FluxApi.Props("a", 1));
        var json = Expect.Ok(await _api.BatchDeleteAsync($$"""{"entity_ids":["flux-core/directory","{{a}}"]}""")).Json;
        Assert.Equal(1, json.GetProperty("deleted").GetInt32());
        Assert.Equal(1, json.GetProperty("failed").GetInt32());
        Assert.Equal("flux-core/directory: entity namespace 'flux-core' is reserved", Assert.Single(json.GetProperty("errors").EnumerateArray()).GetString());
        Expect.Ok(await _api.GetEntityAsync("flux-core/directory"));
    }

    [Fact]
    public async Task the_first_present_filter_key_wins()
    {
        var prefix = Ids.Unique("winner") + "-";
        var ns = Ids.Unique("loser");
        await _api.PublishOkAsync(prefix + "1", FluxApi.Props("a", 1));
        await _api.PublishOkAsync($"{ns}/1", FluxApi.Props("a", 1));
        var other = Ids.Unique("listed");
        await _api.PublishOkAsync(other, FluxApi.Props("a", 1));
        // Matching reads the index, which may lag a write by up to 2 s in the cluster (G3).
        await Eventually.HoldsAsync(() => _api.ListIdsAsync("?prefix=" + prefix), ids => ids.Count == 1, Wait, "prefix entity listed");
        await Eventually.HoldsAsync(() => _api.ListIdsAsync("?namespace=" + ns), ids => ids.Count == 1, Wait, "namespace entity listed");

        var json = Expect.Ok(await _api.BatchDeleteAsync($$"""{"entity_ids":["{{other}}"],"prefix":"{{prefix}}"}""")).Json;
        Assert.Equal(1, json.GetProperty("deleted").GetInt32());
        Expect.Error(await _api.GetEntityAsync(prefix + "1"), 404);
        await _api.GetEntityOkAsync(other);

        Expect.Ok(await _api.BatchDeleteAsync($$"""{"prefix":"{{Ids.Unique("nomatch")}}","namespace":"{{ns}}"}"""));
        Expect.Error(await _api.GetEntityAsync($"{ns}/1"), 404); // the namespace filter won over the prefix
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"unknown":"x"}""")]
    [InlineData("""{"prefix":5}""")]
    [InlineData("""{"namespace":["a"]}""")]
    [InlineData("""{"entity_ids":"a"}""")]
    [InlineData("""{"entity_ids":[1,2]}""")]
    [InlineData("""{"prefix":null,"namespace":null,"entity_ids":null}""")]
    [InlineData("""[]""")]
    [InlineData("""not json""")]
    [InlineData("")]
    public async Task a_batch_delete_without_a_valid_filter_is_rejected(string body)
    {
        Expect.Error(await _api.BatchDeleteAsync(body), 400);
    }

    private static System.Text.Json.Nodes.JsonObject JsonNodeOf(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
}
