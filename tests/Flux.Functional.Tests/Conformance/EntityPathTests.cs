using System.Text;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Conformance;

/// <summary>Entity ids in URL paths and odd ids (docs/api.md §3.1, §3.6, §6.5; checklist 12).</summary>
[Trait("Suite", "conformance")]
public sealed class EntityPathTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task an_id_with_a_slash_is_read_both_percent_encoded_and_as_raw_segments()
    {
        var ns = Ids.Unique("pathns");
        var id = $"{ns}/b";
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var encoded = Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/state/entities/{ns}%2Fb"));
        Assert.Equal(id, encoded.Json.GetProperty("id").GetString());
        var lower = Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/state/entities/{ns}%2fb"));
        Assert.Equal(id, lower.Json.GetProperty("id").GetString());
        var raw = Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/state/entities/{id}"));
        Assert.Equal(id, raw.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task an_id_with_several_slashes_is_read_as_raw_segments()
    {
        var id = $"{Ids.Unique("github")}/repo/acme/api";
        await _api.PublishOkAsync(id, FluxApi.Props("stars", 5));
        var raw = Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/state/entities/" + id));
        Assert.Equal(id, raw.Json.GetProperty("id").GetString());
        var encoded = Expect.Ok(await _api.GetEntityAsync(id));
        Assert.Equal(id, encoded.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task raw_segments_and_encoded_slashes_can_be_mixed()
    {
        var ns = Ids.Unique("mixed");
        var id = $"{ns}/b/c d";
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var response = Expect.Ok(await _api.SendAsync(HttpMethod.Get, $"api/state/entities/{ns}%2Fb/c%20d"));
        Assert.Equal(id, response.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task an_id_with_raw_slashes_can_be_deleted_through_raw_segments()
    {
        var id = $"{Ids.Unique("rawdel")}/x";
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var response = Expect.Ok(await _api.SendAsync(HttpMethod.Delete, "api/state/entities/" + id));
        Assert.Equal(id, response.Json.GetProperty("entity_id").GetString());
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
    }

    [Fact]
    public async Task get_of_the_path_delete_reads_the_entity_named_delete()
    {
        var missing = await _api.SendAsync(HttpMethod.Get, "api/state/entities/delete");
        if (missing.Status == 200)
            Assert.Equal("delete", missing.Json.GetProperty("id").GetString());
        else
            Expect.Error(missing, 404, "Entity not found");

        await _api.PublishOkAsync("delete", FluxApi.Props("named", "delete"));
        var found = Expect.Ok(await _api.SendAsync(HttpMethod.Get, "api/state/entities/delete"));
        Assert.Equal("delete", found.Json.GetProperty("id").GetString());
        Assert.Equal("delete", found.Json.GetProperty("properties").GetProperty("named").GetString());
    }

    public static TheoryData<string> OddIds => new()
    {
        "has space {u}",
        "star*{u}",
        "gt>{u}",
        "typed:agent:{u}",
        "dots.in.{u}",
        "ünïcode-✓-日本-{u}",
        "emoji-🚀-{u}",
        "percent%25-{u}",
        "plus+and&amp=?{u}",
        "#hash-{u}",
        "back\\slash-{u}",
    };

    [Theory]
    [MemberData(nameof(OddIds))]
    public async Task odd_ids_are_written_read_listed_and_deleted_exactly(string template)
    {
        var id = template.Replace("{u}", Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal);
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        var entity = await _api.GetEntityOkAsync(id);
        Assert.Equal(id, entity.GetProperty("id").GetString());
        await _api.ListIdsShowingAsync(id);
        var history = await _api.HistoryOkAsync(id);
        Assert.Single(history);
        Expect.Ok(await _api.DeleteAsync(id));
        Expect.Error(await _api.GetEntityAsync(id), 404, "Entity not found");
    }

    [Fact]
    public async Task an_id_of_512_utf8_bytes_is_accepted()
    {
        var prefix = Ids.Unique("long") + "-ü";
        var id = prefix + new string('x', 512 - Encoding.UTF8.GetByteCount(prefix));
        Assert.Equal(512, Encoding.UTF8.GetByteCount(id));
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        Assert.Equal(id, (await _api.GetEntityOkAsync(id)).GetProperty("id").GetString());
        Expect.Ok(await _api.DeleteAsync(id));
    }

    [Fact]
    public async Task an_unknown_entity_answers_404_with_the_exact_body()
    {
        var response = await _api.GetEntityAsync(Ids.Unique("never"));
        Expect.Error(response, 404, "Entity not found");
    }
}
