namespace Flux.Storage;

/// <summary>What happened to one appended event: its log position, or that an event with that id was already there.</summary>
public readonly record struct AppendResult(long Position, bool Duplicate);
