namespace Flux.Connectors.Tests;

/// <summary>The system's time, remembering every timer's due time: how a test sees which waits a poller asked for.</summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> _dueTimes = [];

    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_dueTimes)
                return _dueTimes.ToArray();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_dueTimes)
            _dueTimes.Add(dueTime);
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
