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
/// <param name="ExpectedLastPosition">
/// The position of the last stored event of the entity as the appender knows it (0: none), or null when the
/// appender does not fence. A log that several processes write (the cluster's JetStream stream) refuses the
/// append with <see cref="AppendFencedException"/> when the entity's events have moved past it: another
/// activation of the entity wrote since (docs/architecture.md, fencing). The embedded log has one writer
/// and does not check.
/// </param>
public sealed record AppendBatch(IReadOnlyList<EventRecord> Events, EntitySnapshot? StateAfter = null, long? ExpectedLastPosition = null);
