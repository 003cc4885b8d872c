namespace Flux.Chaos.Tests;

/// <summary>How a write ended for the client that sent it.</summary>
public enum WriteOutcome
{
    /// <summary>200: the value must be in the log.</summary>
    Acknowledged,

    /// <summary>503, a timeout or a dropped connection: the value may or may not have been stored.</summary>
    Unknown,
}

/// <summary>One write of a unique value; times are <see cref="System.Diagnostics.Stopwatch"/> ticks of the test process.</summary>
public sealed record Write(string Entity, string Value, long Invoked, long Completed, WriteOutcome Outcome);

/// <summary>One answered read: the value seen, or null when the entity did not exist yet.</summary>
public sealed record Read(string Entity, string? Value, long Invoked, long Completed);

/// <summary>
/// One event as the log holds it, in log order per entity: its message's stream sequence, the sequence its appender
/// believed was the entity's last (the message's first back-link; null for the entity's first message), the
/// process that appended it and when the stream stored it.
/// </summary>
public sealed record LoggedEvent(string Entity, string Value, long Sequence, long? After, string AppendedBy, DateTimeOffset StoredAt);

/// <summary>A silo the cluster declared dead: its process's writer name, and the first moment the test saw it dead.</summary>
public sealed record DeclaredDead(string AppendedBy, DateTimeOffset SeenDeadAt);

/// <summary>Everything a chaos run recorded, and what the log and the final reads showed afterwards.</summary>
public sealed record History(
    IReadOnlyList<Write> Writes,
    IReadOnlyList<Read> Reads,
    IReadOnlyDictionary<string, IReadOnlyList<LoggedEvent>> Log,
    IReadOnlyDictionary<string, string?> FinalState,
    IReadOnlyList<DeclaredDead> Dead,
    IReadOnlyList<string> WrongAnswers);
