using Flux.Contract;

namespace Flux.Storage;

/// <summary>
/// What a process depends on and cannot reach right now, since when and why (<c>/readyz</c>, docs/api.md §6.11).
/// Whoever talks to a dependency reports on it: its start-up loop while it keeps trying with backoff, then a
/// probe while the process runs. A dependency that was never reached counts as unreachable from the moment it is
/// <see cref="Expect">expected</see>; <see cref="Reached"/> clears it. Cheap and thread-safe: a probe may report
/// every second.
/// </summary>
public sealed class Dependencies(TimeProvider? time = null)
{
    public const string Nats = "NATS";
    public const string Postgres = "PostgreSQL";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DependencyWait> _unreached = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _firstReached = new(StringComparer.Ordinal);

    /// <summary>Names a dependency this process needs; unreachable until first <see cref="Reached"/>.</summary>
    public void Expect(string dependency, string reason = "not reached yet")
    {
        lock (_gate)
        {
            if (FirstReached(dependency).Task.IsCompleted || _unreached.ContainsKey(dependency))
                return;
            _unreached[dependency] = new DependencyWait(dependency, Now(), reason);
        }
    }

    /// <summary>The dependency cannot be reached; the first report of an outage sets its start, later ones the reason.</summary>
    public void Unreachable(string dependency, string reason)
    {
        lock (_gate)
        {
            var since = _unreached.TryGetValue(dependency, out var waiting) ? waiting.Since : Now();
            _unreached[dependency] = new DependencyWait(dependency, since, reason);
        }
    }

    public void Reached(string dependency)
    {
        TaskCompletionSource first;
        lock (_gate)
        {
            _unreached.Remove(dependency);
            first = FirstReached(dependency);
        }
        first.TrySetResult();
    }

    /// <summary>The dependencies that cannot be reached now, ordered by name.</summary>
    public IReadOnlyList<DependencyWait> Unreached
    {
        get
        {
            lock (_gate)
                return [.. _unreached.Values.OrderBy(w => w.Dependency, StringComparer.Ordinal)];
        }
    }

    /// <summary>Completes once <paramref name="dependency"/> has been reached for the first time.</summary>
    public Task WhenFirstReachedAsync(string dependency, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return FirstReached(dependency).Task.WaitAsync(cancellationToken);
    }

    private TaskCompletionSource FirstReached(string dependency)
    {
        if (!_firstReached.TryGetValue(dependency, out var first))
            _firstReached[dependency] = first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return first;
    }

    private DateTimeOffset Now() => ServerTime.TruncateToMicroseconds(_time.GetUtcNow());
}

/// <summary>A dependency that cannot be reached: since when, and the last reason it gave.</summary>
public sealed record DependencyWait(string Dependency, DateTimeOffset Since, string Reason)
{
    public override string ToString() => $"{Dependency} since {ServerTime.Format(Since)} ({Reason})";
}
