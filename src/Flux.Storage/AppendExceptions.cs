namespace Flux.Storage;

/// <summary>
/// The entity's log holds events the appender has not seen (<see cref="AppendBatch.ExpectedLastPosition"/>
/// is stale): nothing was appended. The appender must reload from the log before it answers again.
/// </summary>
public sealed class AppendFencedException(string entityId, long expectedLastPosition, string detail)
    : Exception($"the log of entity '{entityId}' has moved past position {expectedLastPosition}: {detail}")
{
    public string EntityId { get; } = entityId;
    public long ExpectedLastPosition { get; } = expectedLastPosition;
}

/// <summary>
/// The log may or may not have stored the append (a timeout, a lost connection): the appender cannot know its
/// own state and must reload from the log before it answers again. Retrying with the same event ids is safe (G6).
/// </summary>
public sealed class AppendOutcomeUnknownException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A store the request needs cannot be reached; the gateway answers 503 with this reason, never hangs.</summary>
public sealed class StorageUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>The append is larger than the log stores in one piece; nothing was sent. Smaller events would be stored.</summary>
public sealed class AppendTooLargeException(int bytes, long limit)
    : Exception($"the events take {bytes} bytes in the log, which stores at most {limit} bytes per request and entity; send smaller events")
{
    public int Bytes { get; } = bytes;
    public long Limit { get; } = limit;
}
