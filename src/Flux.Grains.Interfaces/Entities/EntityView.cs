namespace Flux.Grains.Interfaces;

/// <summary>
/// An existing entity (docs/api.md §4.3). <paramref name="Properties"/> is the UTF-8 JSON object of its
/// properties, written to clients as is. Immutable: never modify the array.
/// </summary>
public sealed record EntityView(string Id, byte[] Properties, DateTimeOffset LastUpdated);
