// EntityGrain: the state of one entity, folded from its events.
//
// The state is the fold of the entity's events in log order (docs/api.md §5): properties merged per key,
// last write wins, a tombstone removes the entity. Properties live as one UTF-8 JSON object, which is
// compact and is what readers get without re-serialising.
//
// A publish runs as one turn: fold the events into a copy of the state, append them together with that
// new state (one group-committed transaction in the embedded store), and only then adopt the copy. So
// readers never see a change that is not durable, and never half an event (G4). Reads are read-only
// turns and so never overlap a publish.
//
// Each stored event carries its change; the log announces it on the change stream right after the commit,
// in log order, before this turn ends, so a reader who reacts to one queues behind this turn and sees
// the new state (G7).
//
// Activation loads the latest snapshot and replays the log after it, without notifications (G8).
// Deactivation writes a snapshot when the stored one is behind.
//
// In the cluster several silos share the log, and during a membership change two activations of one
// entity can briefly coexist. Every append therefore carries the position this activation last knew of
// its entity; the log refuses a stale one (the fence). A refused append, or one whose outcome the log
// cannot confirm, leaves this activation's state unknown: it adopts nothing, deactivates, and the next
// call activates a fresh copy that replays the log (docs/architecture.md, fencing). Reads are fenced too: the
// other activation may have taken writes this one never saw, so before answering, a read asks the shared log
// for the entity's last position and replays what it is missing (Invariant 2, read-your-writes through any
// gateway). The embedded log has one writer and answers at once.
//
// Retries (G6) are found by the log, which refuses an event id it already holds: no read before each
// write. When a batch had such a duplicate the log announces only what it stored and does not store the
// new state, so the grain folds again just the events the log took and writes the snapshot. This costs
// a second fold only on a retry, never on the hot path.
using System.Collections.Immutable;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Logging;

namespace Flux.Grains;

[GrainType("entity")]
public sealed partial class EntityGrain(
    IEventLog log,
    ISnapshotStore snapshots,
    EventIdGenerator eventIds,
    AppendTelemetry telemetry,
    TimeProvider time,
    ILogger<EntityGrain> logger) : Grain, IEntityGrain
{
    private string Key => field ??= this.GetPrimaryKeyString();
    private EntityState _state = EntityState.Absent;
    private long _position;
    private long _snapshotPosition;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_position > _snapshotPosition)
        {
            await snapshots.WriteAsync(_state.ToSnapshot(Key, _position), cancellationToken);
            _snapshotPosition = _position;
        }
    }

    public Task<EntityView?> GetAsync()
    {
        var last = log.SharedLastPositionAsync(Key);
        return last.IsCompletedSuccessfully && last.Result is null
            ? Task.FromResult(_state.ToView(Key))
            : GetCaughtUpAsync(last);
    }

    private async Task<EntityView?> GetCaughtUpAsync(ValueTask<long?> lastPosition)
    {
        try
        {
            if (await lastPosition is { } last && last > _position)
            {
                var (state, position) = await FoldLogAsync(_state, _position, CancellationToken.None);
                // A replica answering the replay may not hold the newest append yet; never answer short of it.
                if (position < last)
                    throw new EntityUnavailableException($"the log's replica is behind the newest event of '{Key}'; retry");
                // Reads interleave with reads only: another one may have caught up further meanwhile.
                if (position > _position)
                    (_state, _position) = (state, position);
            }
        }
        catch (StorageUnavailableException e)
        {
            LogStorageUnavailable(e, Key);
            throw new EntityUnavailableException($"the event log is unreachable, so entity '{Key}' cannot confirm its newest state: {e.Message}");
        }
        return _state.ToView(Key);
    }

    public async Task<ImmutableArray<PublishOutcome>> PublishAsync(ImmutableArray<FluxEvent> events)
    {
        var acceptedAt = ServerTime.TruncateToMicroseconds(time.GetUtcNow());
        var outcomes = new PublishOutcome[events.Length];
        var records = new List<EventRecord>(events.Length);
        var appendedIndexes = new List<int>(events.Length);
        var batchIds = events.Length > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        var state = _state;

        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (e.EntityId != Key)
                throw new ArgumentException($"event {e.EventId} is for entity '{e.EntityId}', not '{Key}'", nameof(events));
            var duplicate = batchIds is not null && !batchIds.Add(e.EventId);
            outcomes[i] = new PublishOutcome(e.EventId, duplicate);
            if (duplicate)
                continue;
            state = state.Apply(Key, e, acceptedAt, out var change);
            records.Add(new EventRecord(e.EventId, Key, e.Source, acceptedAt, e.ToEnvelopeJson(), change));
            appendedIndexes.Add(i);
        }

        if (records.Count == 0)
            return [.. outcomes];

        var stateAfter = ReferenceEquals(state, _state) ? null : state.ToSnapshot(Key, position: 0);
        var results = await AppendAsync(new AppendBatch(records, stateAfter, ExpectedLastPosition: _position));

        if (results.Any(r => r.Duplicate))
            return await AdoptWithoutDuplicatesAsync(events, outcomes, appendedIndexes, results, acceptedAt);

        _state = state;
        _position = results[^1].Position;
        if (stateAfter is not null)
            _snapshotPosition = _position;
        foreach (var k in appendedIndexes)
            LogEventApplied(outcomes[k].EventId, Key);
        return [.. outcomes];
    }

    private async Task<IReadOnlyList<AppendResult>> AppendAsync(AppendBatch batch)
    {
        using var span = AppendTelemetry.StartAppend(Key, batch);
        var started = time.GetTimestamp();
        try
        {
            var results = await log.AppendAsync(batch);
            telemetry.Appended(time.GetElapsedTime(started), results);
            return results;
        }
        catch (StorageUnavailableException e)
        {
            LogStorageUnavailable(e, Key);
            throw new EntityUnavailableException($"the event log is unreachable: {e.Message}");
        }
        catch (AppendTooLargeException e)
        {
            throw new EventsTooLargeException(e.Message);
        }
        catch (Exception e) when (e is AppendFencedException or AppendOutcomeUnknownException)
        {
            LogReloading(e, Key);
            DeactivateOnIdle();
            throw new EntityUnavailableException($"entity '{Key}' is reloading from the log; retry");
        }
    }

    /// <summary>
    /// The log already held some of the events (a retry): it stored and announced the others but not the
    /// state, so fold just what it stored and store the snapshot.
    /// </summary>
    private async Task<ImmutableArray<PublishOutcome>> AdoptWithoutDuplicatesAsync(ImmutableArray<FluxEvent> events,
        PublishOutcome[] outcomes, List<int> appendedIndexes, IReadOnlyList<AppendResult> results, DateTimeOffset acceptedAt)
    {
        var state = _state;
        for (var k = 0; k < results.Count; k++)
        {
            var i = appendedIndexes[k];
            if (results[k].Duplicate)
            {
                outcomes[i] = outcomes[i] with { Duplicate = true };
                continue;
            }
            state = state.Apply(Key, events[i], acceptedAt, out _);
            _position = results[k].Position;
            LogEventApplied(outcomes[i].EventId, Key);
        }
        _state = state;
        if (_position > _snapshotPosition)
        {
            await snapshots.WriteAsync(state.ToSnapshot(Key, _position));
            _snapshotPosition = _position;
        }
        return [.. outcomes];
    }

    public async Task<DeleteOutcome> DeleteAsync()
    {
        var existed = _state.Exists;
        var tombstone = FluxEvent.Tombstone(Key, eventIds.NewId(), time.GetUtcNow().ToUnixTimeMilliseconds());
        var outcomes = await PublishAsync([tombstone]);
        return new DeleteOutcome(outcomes[0].EventId, existed);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReplayAsync(cancellationToken);
        }
        catch (StorageUnavailableException e)
        {
            LogStorageUnavailable(e, Key);
            throw new EntityUnavailableException($"entity '{Key}' cannot be loaded: {e.Message}");
        }
    }

    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.LoadAsync(Key, cancellationToken);
        _snapshotPosition = snapshot?.Position ?? 0;
        (_state, _position) = await FoldLogAsync(EntityState.FromSnapshot(snapshot), _snapshotPosition, cancellationToken);
    }

    /// <summary>Folds the entity's events after <paramref name="position"/> into <paramref name="state"/>, without notifications (G8).</summary>
    private async Task<(EntityState State, long Position)> FoldLogAsync(EntityState state, long position, CancellationToken cancellationToken)
    {
        await foreach (var stored in log.ReadEntityAsync(Key, position, cancellationToken))
        {
            var e = FluxEvent.FromEnvelopeJson(stored.Event.Envelope.Span);
            state = state.Apply(Key, e, stored.Event.AcceptedAt, out _);
            position = stored.Position;
        }
        return (state, position);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "event {EventId} applied to entity {EntityId}")]
    private partial void LogEventApplied(string eventId, string entityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "entity {EntityId} reloads from the log: its append was refused or unconfirmed")]
    private partial void LogReloading(Exception exception, string entityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "entity {EntityId}: storage unreachable")]
    private partial void LogStorageUnavailable(Exception exception, string entityId);

}
