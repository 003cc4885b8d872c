namespace Flux.Grains.Interfaces;

/// <summary>A new registration; the only time the token is ever shown.</summary>
public sealed record RegisteredNamespace(string NamespaceId, string Name, string Token, DateTimeOffset CreatedAt);
