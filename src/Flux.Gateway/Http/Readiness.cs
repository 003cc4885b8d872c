using Flux.Storage;

namespace Flux.Gateway.Http;

/// <summary>
/// Whether the process may take traffic (<c>/readyz</c>, docs/api.md §6.11): start-up is done and every dependency
/// it needs can be reached (<see cref="Dependencies"/>). When it may not, <see cref="Reason"/> says what it waits
/// for, since when and why, so an operator reading <c>/readyz</c> need not read the logs.
/// </summary>
public sealed class Readiness(Dependencies dependencies)
{
    private volatile bool _started;

    /// <summary>Start-up is done: the API may be served (it answers 503 with <see cref="Reason"/> before).</summary>
    public bool HasStarted => _started;

    public bool IsReady => _started && dependencies.Unreached.Count == 0;

    public void MarkReady() => _started = true;

    /// <summary>Why the process is not ready (the <c>error</c> of <c>/readyz</c>'s 503), or null when it is.</summary>
    public string? Reason
    {
        get
        {
            var unreached = dependencies.Unreached;
            var waiting = unreached.Count == 0 ? null : "waiting for " + string.Join("; ", unreached);
            if (!_started)
                return waiting is null ? "recovering" : $"recovering: {waiting}";
            return waiting;
        }
    }
}
