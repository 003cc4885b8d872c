namespace Flux.Grains.Interfaces;

/// <summary>
/// An existing entity (docs/api.md §4.3). <see cref="Properties"/> is the UTF-8 JSON object of its
/// properties, written to clients as is. Immutable: never modify the array, so a call within the silo
/// passes it without a copy.
/// </summary>
[GenerateSerializer, Immutable, Alias("flux.EntityView")]
public sealed record EntityView([property: Id(0)] string Id, [property: Id(1)] byte[] Properties, [property: Id(2)] DateTimeOffset LastUpdated);
