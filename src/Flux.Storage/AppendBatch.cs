namespace Flux.Storage;

/// <summary>
/// Events of one appender (usually one entity grain's turn), appended in order and committed
/// together with other appenders' batches (group commit).
/// </summary>
/// <param name="Events">The events, in log order.</param>
/// <param name="StateAfter">
/// The entity's state after all of <paramref name="Events"/> are applied, with <c>Position</c> left 0
/// (the log fills in the position of the last event). A store that keeps snapshots next to the log
/// writes it in the same transaction, so the entity index is never behind the log. It is written only
/// when every event of the batch was appended (none was a duplicate); otherwise the appender must rebuild.
/// </param>
public sealed record AppendBatch(IReadOnlyList<EventRecord> Events, EntitySnapshot? StateAfter = null);
