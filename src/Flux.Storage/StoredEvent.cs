namespace Flux.Storage;

/// <summary>
/// An event read back from the log with its position: a global sequence that never decreases along the log. The
/// embedded log gives each event its own; the JetStream log gives all events of one append its message's stream sequence.
/// </summary>
public sealed record StoredEvent(long Position, EventRecord Event);
