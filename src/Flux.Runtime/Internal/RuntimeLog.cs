using Microsoft.Extensions.Logging;

namespace Flux.Runtime.Internal;

internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Warning, "Activation of grain {GrainId} failed; it is discarded and the next call retries")]
    public static partial void ActivationFailed(this ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "OnDeactivateAsync of grain {GrainId} ({Reason}) failed; the activation is removed anyway")]
    public static partial void DeactivationFailed(this ILogger logger, GrainId grainId, DeactivationReason reason, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Timer tick of grain {GrainId} failed; the timer keeps running")]
    public static partial void TimerTickFailed(this ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Grain {GrainId} deactivated ({Reason})")]
    public static partial void Deactivated(this ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(5, LogLevel.Error, "Idle collection pass failed")]
    public static partial void CollectionFailed(this ILogger logger, Exception exception);
}
