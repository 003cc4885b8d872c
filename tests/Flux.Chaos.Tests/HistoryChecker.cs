namespace Flux.Chaos.Tests;

/// <summary>
/// Proves from a recorded history and the log what a client may rely on (docs/architecture.md §4, the chaos
/// checker). Per entity, with positions in log order:
/// <list type="bullet">
/// <item>no acknowledged write is missing from the log, and no value is stored twice;</item>
/// <item>no time travel: a read, or a stored write, lands at or after everything established before it began,
/// that is every acknowledged write and every read that had completed by then (a read may see the same position,
/// a write must come strictly after);</item>
/// <item>every read shows a value the log holds (nothing uncommitted, nothing invented);</item>
/// <item>each append extended the entity's log exactly as its appender knew it (its back-link is the previous
/// message), so two writers never interleaved;</item>
/// <item>no silo appended after the cluster declared it dead (the fence against a zombie);</item>
/// <item>the final state is the fold of the log: its last value.</item>
/// </list>
/// Every property write sets the one property <c>v</c> to a unique value, so the fold is the log's last value.
/// </summary>
public static class HistoryChecker
{
    public static IReadOnlyList<string> Check(History history)
    {
        var anomalies = history.WrongAnswers.Select(answer => $"wrong answer: {answer}").ToList();
        var writes = history.Writes.ToLookup(w => w.Entity);
        var reads = history.Reads.ToLookup(r => r.Entity);
        var entities = new SortedSet<string>(StringComparer.Ordinal);
        entities.UnionWith(writes.Select(g => g.Key));
        entities.UnionWith(reads.Select(g => g.Key));
        entities.UnionWith(history.Log.Keys);
        entities.UnionWith(history.FinalState.Keys);

        foreach (var entity in entities)
        {
            var log = history.Log.GetValueOrDefault(entity) ?? [];
            CheckEntity(entity, log, [.. writes[entity]], [.. reads[entity]], history.FinalState.GetValueOrDefault(entity), anomalies);
        }
        CheckFence(history, anomalies);
        return anomalies;
    }

    private static void CheckEntity(string entity, IReadOnlyList<LoggedEvent> log, List<Write> writes, List<Read> reads, string? finalState,
        List<string> anomalies)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < log.Count; i++)
            if (!position.TryAdd(log[i].Value, i))
                anomalies.Add($"{entity}: value {log[i].Value} is stored twice, at log positions {position[log[i].Value]} and {i}");

        for (var i = 1; i < log.Count; i++)
            if (log[i].Sequence != log[i - 1].Sequence && log[i].After != log[i - 1].Sequence)
                anomalies.Add($"{entity}: the append at sequence {log[i].Sequence} by {log[i].AppendedBy} extended sequence " +
                    $"{log[i].After?.ToString() ?? "(none)"}, but the entity's previous message is {log[i - 1].Sequence}: two writers interleaved");

        foreach (var write in writes.Where(w => w.Outcome == WriteOutcome.Acknowledged && !position.ContainsKey(w.Value)))
            anomalies.Add($"{entity}: acknowledged write of {write.Value} is not in the log");

        // What was established by each moment: the highest position any acknowledged write or completed read had reached.
        var established = writes.Where(w => w.Outcome == WriteOutcome.Acknowledged && position.ContainsKey(w.Value))
            .Select(w => (w.Completed, Position: position[w.Value], What: $"acknowledged write of {w.Value}"))
            .Concat(reads.Where(r => r.Value is null || position.ContainsKey(r.Value))
                .Select(r => (r.Completed, Position: r.Value is null ? -1 : position[r.Value], What: $"read of {r.Value ?? "nothing"}")))
            .OrderBy(e => e.Completed)
            .ToList();
        var highest = new (int Position, string What)[established.Count];
        for (var i = 0; i < established.Count; i++)
            highest[i] = i > 0 && highest[i - 1].Position >= established[i].Position ? highest[i - 1] : (established[i].Position, established[i].What);

        foreach (var read in reads)
        {
            if (read.Value is not null && !position.ContainsKey(read.Value))
            {
                anomalies.Add($"{entity}: a read returned {read.Value}, which the log does not hold");
                continue;
            }
            var seen = read.Value is null ? -1 : position[read.Value];
            if (Before(read.Invoked) is { } before && before.Position > seen)
                anomalies.Add($"{entity}: a read returned {read.Value ?? "nothing"} (log position {seen}) after the {before.What} (log position {before.Position}) had completed: time travel");
        }

        foreach (var write in writes.Where(w => position.ContainsKey(w.Value)))
            if (Before(write.Invoked) is { } before && before.Position >= position[write.Value])
                anomalies.Add($"{entity}: the write of {write.Value} is stored at log position {position[write.Value]}, before the {before.What} (log position {before.Position}) that completed before it was sent");

        var folded = log.Count > 0 ? log[^1].Value : null;
        if (finalState != folded)
            anomalies.Add($"{entity}: the final state shows {finalState ?? "nothing"} but the fold of the log is {folded ?? "nothing"}");

        (int Position, string What)? Before(long moment)
        {
            int low = 0, high = established.Count;   // the first established entry completed at or after the moment
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (established[middle].Completed < moment)
                    low = middle + 1;
                else
                    high = middle;
            }
            return low == 0 ? null : highest[low - 1];
        }
    }

    private static void CheckFence(History history, List<string> anomalies)
    {
        foreach (var dead in history.Dead)
            foreach (var late in history.Log.Values.SelectMany(events => events)
                         .Where(e => e.AppendedBy == dead.AppendedBy && e.StoredAt > dead.SeenDeadAt))
                anomalies.Add($"{late.Entity}: {dead.AppendedBy} appended {late.Value} at {late.StoredAt:O}, after the cluster declared it dead ({dead.SeenDeadAt:O}): a zombie's write got through");
    }
}
