namespace Flux.Storage;

/// <summary>Entities whose id starts with "<c>Name</c>/", and the newest lastUpdated among them.</summary>
public sealed record NamespaceStats(string Name, long EntityCount, DateTimeOffset LastUpdated);
