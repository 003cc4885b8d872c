using Flux.Storage;
using Microsoft.Extensions.Hosting;

namespace Flux.Gateway.Http;

/// <summary>
/// Whether the process may take traffic (<c>/readyz</c>, docs/api.md §6.11): start-up is done and every dependency
/// it needs can be reached (<see cref="Dependencies"/>). When it may not, <see cref="Reason"/> says what it waits
/// for, since when and why, so an operator reading <c>/readyz</c> need not read the logs. A process that is shutting
/// down is not ready either, so a load balancer stops sending it traffic while it drains.
/// </summary>
public sealed class Readiness(Dependencies dependencies, IHostApplicationLifetime lifetime)
{
    public const string ShuttingDown = "server shutting down";

    private volatile bool _started;

    /// <summary>Start-up is done: the API may be served (it answers 503 with <see cref="Reason"/> before).</summary>
    public bool HasStarted => _started;

    public bool IsReady => _started && !IsStopping && dependencies.Unreached.Count == 0;

    /// <summary>The process has begun to shut down: what it still serves, it serves only until it stops.</summary>
    public bool IsStopping => lifetime.ApplicationStopping.IsCancellationRequested;

    public void MarkReady() => _started = true;

    /// <summary>Why the process is not ready (the <c>error</c> of <c>/readyz</c>'s 503), or null when it is.</summary>
    public string? Reason
    {
        get
        {
            if (IsStopping)
                return ShuttingDown;
            var unreached = dependencies.Unreached;
            var waiting = unreached.Count == 0 ? null : "waiting for " + string.Join("; ", unreached);
            if (!_started)
                return waiting is null ? "recovering" : $"recovering: {waiting}";
            return waiting;
        }
    }
}
