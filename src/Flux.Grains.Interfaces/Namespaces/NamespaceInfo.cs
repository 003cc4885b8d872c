namespace Flux.Grains.Interfaces;

/// <summary>A registered namespace as the lookup endpoint shows it (no token).</summary>
[GenerateSerializer, Immutable, Alias("flux.NamespaceInfo")]
public sealed record NamespaceInfo(
    [property: Id(0)] string NamespaceId, [property: Id(1)] string Name, [property: Id(2)] DateTimeOffset CreatedAt, [property: Id(3)] long EntityCount);
