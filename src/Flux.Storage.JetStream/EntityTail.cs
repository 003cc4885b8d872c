namespace Flux.Storage.JetStream;

/// <summary>
/// What this process knows of the end of one entity's subject: its last sequence, the sequences before it (the
/// back-links the next message carries) and the event ids accepted within the duplicate window (G6). It is
/// exact while this process is the subject's only writer, which the fence checks on every append: an append
/// made with <see cref="LastSequence"/> as the expected last subject sequence is refused if anyone wrote since.
/// Lock the instance to use it.
/// </summary>
internal sealed class EntityTail(long lastSequence, IReadOnlyList<long> sequences)
{
    /// <summary>How many earlier sequences each message links back to.</summary>
    public const int BackLinks = 16;

    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset AcceptedAt, string EventId)> _byAge = new();

    /// <summary>The subject's last stream sequence; 0 when it has no message.</summary>
    public long LastSequence { get; private set; } = lastSequence;

    /// <summary>The subject's newest sequences, newest first, starting with <see cref="LastSequence"/>.</summary>
    public IReadOnlyList<long> Sequences { get; private set; } = sequences;

    public DateTimeOffset LastUsed { get; set; }

    public bool TryGetPosition(string eventId, out long position) => _positions.TryGetValue(eventId, out position);

    /// <summary>Remembers events already stored, oldest first (loading walks the log newest first and reverses).</summary>
    public void Remember(long position, EventRecord e)
    {
        if (_positions.TryAdd(e.EventId, position))
            _byAge.Enqueue((e.AcceptedAt, e.EventId));
    }

    /// <summary>The message at <paramref name="sequence"/> is now the subject's last.</summary>
    public void Appended(long sequence, IEnumerable<EventRecord> events)
    {
        Sequences = [sequence, .. Sequences.Take(BackLinks - 1)];
        LastSequence = sequence;
        foreach (var e in events)
            Remember(sequence, e);
    }

    /// <summary>Forgets ids accepted before <paramref name="cutoff"/>: beyond the duplicate window.</summary>
    public void Prune(DateTimeOffset cutoff)
    {
        while (_byAge.TryPeek(out var oldest) && oldest.AcceptedAt < cutoff)
        {
            _byAge.Dequeue();
            _positions.Remove(oldest.EventId);
        }
    }
}
