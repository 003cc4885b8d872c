using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Auth;

/// <summary>Namespaces are switched off in open mode (docs/api.md §6.8, §7.3; checklist 20).</summary>
[Trait("Suite", "conformance")]
public sealed class OpenModeNamespaceTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private readonly FluxApi _api = fixture.Api;

    [Fact]
    public async Task registration_and_lookup_answer_404_with_the_exact_message()
    {
        Expect.Error(await _api.RegisterNamespaceAsync("dawn-coral"), 404, "Namespace registration not available (auth disabled)");
        Expect.Error(await _api.GetNamespaceAsync("dawn-coral"), 404, "Namespace registration not available (auth disabled)");
    }

    [Fact]
    public async Task removal_of_a_name_in_the_empty_registry_answers_404()
    {
        Expect.Error(await _api.DeleteNamespaceAsync("dawn-coral"), 404, "Namespace not found");
    }

    [Fact]
    public async Task any_entity_id_can_be_written_and_deleted_without_a_token()
    {
        var id = Ids.Unique("open");
        await _api.PublishOkAsync(id, FluxApi.Props("a", 1));
        await _api.PublishOkAsync($"{id}/nested", FluxApi.Props("a", 1));
        await _api.PublishOkAsync($"UPPER CASE/{id}", FluxApi.Props("a", 1));
        Expect.Ok(await _api.DeleteAsync($"UPPER CASE/{id}"));
        Expect.Ok(await _api.BatchDeleteAsync(JsonText.Fill("""{"entity_ids":["«0»"]}""", id)));
    }

    [Fact]
    public async Task events_are_never_rate_limited_in_open_mode()
    {
        Expect.Ok(await _api.PutConfigAsync("""{"rate_limit_enabled":true,"rate_limit_per_namespace_per_minute":1}"""));
        try
        {
            var ns = Ids.Unique("unlimited");
            for (var i = 0; i < 5; i++)
                await _api.PublishOkAsync($"{ns}/x", FluxApi.Props("i", i));
        }
        finally
        {
            Expect.Ok(await _api.PutConfigAsync("""{"rate_limit_per_namespace_per_minute":10000}"""));
        }
    }
}
