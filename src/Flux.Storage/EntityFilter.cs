namespace Flux.Storage;

/// <summary>Listing filter (contract §6.4): both optional, combined with AND; ordinal, case-sensitive.</summary>
public sealed record EntityFilter(string? Prefix = null, string? Namespace = null);
