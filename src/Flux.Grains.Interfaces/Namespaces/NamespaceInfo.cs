namespace Flux.Grains.Interfaces;

/// <summary>A registered namespace as the lookup endpoint shows it (no token).</summary>
public sealed record NamespaceInfo(string NamespaceId, string Name, DateTimeOffset CreatedAt, long EntityCount);
