using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Flux.Grains.Tests.Entities;

/// <summary>How the types of the grain interfaces cross a call: exact between processes, uncopied within one.</summary>
public sealed class GrainCallTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static FluxEvent Event(string payloadJson)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        return new FluxEvent("e-1", "sensors", "agent-1", 1_700_000_000_000, "k", "s/v1", payload.RootElement.Clone());
    }

    [Fact]
    public async Task an_event_crosses_the_wire_as_its_envelope_byte_for_byte()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var e = Event("""{"entity_id":"wire/x","properties":{"big":18446744073709551615,"f":1.50,"s":"\u00e9\ud83d\ude00 \"q\""}}""");

        await silo.Grains.GetGrain<IEntityGrain>("wire/x").PublishAsync([e]);

        var stored = Assert.Single(await silo.Log.ReadHistoryAsync("wire/x", DateTimeOffset.MinValue, 10));
        Assert.Equal(Encoding.UTF8.GetString(e.ToEnvelopeJson()), Encoding.UTF8.GetString(stored.Event.Envelope.Span));
        var serializer = silo.Silo.GetRequiredService<Serializer>();
        var back = serializer.Deserialize<FluxEvent>(serializer.SerializeToArray(e));
        Assert.Equal(e.ToEnvelopeJson(), back!.ToEnvelopeJson());
    }

    [Fact]
    public async Task within_a_silo_events_and_views_are_passed_without_a_copy()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var copier = silo.Silo.GetRequiredService<DeepCopier>();
        var e = Event("""{"entity_id":"copy/x","properties":{"a":1}}""");
        var view = new EntityView("copy/x", [1, 2, 3], DateTimeOffset.UnixEpoch);

        Assert.Same(e, copier.Copy(ImmutableArray.Create(e))[0]);
        Assert.Same(view, copier.Copy(view));
    }
}
