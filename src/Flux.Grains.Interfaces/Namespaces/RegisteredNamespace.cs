namespace Flux.Grains.Interfaces;

/// <summary>A new registration; the only time the token is ever shown.</summary>
[GenerateSerializer, Immutable, Alias("flux.RegisteredNamespace")]
public sealed record RegisteredNamespace(
    [property: Id(0)] string NamespaceId, [property: Id(1)] string Name, [property: Id(2)] string Token, [property: Id(3)] DateTimeOffset CreatedAt);
