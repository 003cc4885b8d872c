namespace Flux.Storage;

/// <summary>An event read back from the log with its position (a global, strictly increasing sequence).</summary>
public sealed record StoredEvent(long Position, EventRecord Event);
