namespace Flux.Storage;

/// <summary>A registered namespace. Only a hash of its token is stored.</summary>
public sealed record NamespaceRecord(string Name, string NamespaceId, byte[] TokenHash, DateTimeOffset CreatedAt);
