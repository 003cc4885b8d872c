namespace Flux.Storage;

/// <summary>One existing entity as listed by the index.</summary>
public sealed record EntityRow(string Id, ReadOnlyMemory<byte> Properties, DateTimeOffset LastUpdated);
