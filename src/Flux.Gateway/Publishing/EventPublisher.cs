// EventPublisher: the gateway's half of a write (docs/architecture.md §3, the flow of one write).
//
// Items arrive validated (steps 1-10 of docs/api.md §6.1). In auth mode each item's entity id is checked
// against the namespace rules, then each namespace grain is asked once per request to admit its items
// (token, rate limit). Surviving items are grouped by entity, keeping their order, and each entity grain
// gets one call with its group, so a batch of a hundred events for one entity is one append, not a
// hundred. Events that name no entity change no state: they go straight to the log. Groups run
// concurrently; a failing group fails only its own items. A call that never reached a silo is sent again
// (UnsentCallRetry); any other failure answers its items at once.
using System.Collections.Immutable;
using Flux.Gateway.Configuration;
using Flux.Gateway.Http;
using Flux.Gateway.Metrics;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Publishing;

public sealed partial class EventPublisher(FluxGrains grains, IEventLog log, INamespaceStore namespaces, EventCounters counters,
    IOptions<ApiOptions> api, IWritePolicy writes, TimeProvider time, ILogger<EventPublisher> logger)
{
    /// <summary>
    /// How many entities one request writes at once. A batch may name 10,000 entities; writing them all at once
    /// would activate them all at once and queue their appends past the log's timeouts, failing most items.
    /// </summary>
    private const int EntitiesInFlight = 256;

    /// <summary>Publishes validated items; <paramref name="correlationId"/> names the request in logs and in storage failures.</summary>
    public async Task<PublishResult[]> PublishAsync(IReadOnlyList<PublishItem> items, string? token, string correlationId)
    {
        var failures = new PublishFailure?[items.Count];
        for (var i = 0; i < items.Count; i++)
            failures[i] = items[i].Failure;

        if (api.Value.AuthEnabled)
            await AdmitAsync(items, token, failures);

        var byEntity = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var unaddressed = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (failures[i] is not null)
                continue;
            var entityId = items[i].Event!.EntityId;
            if (string.IsNullOrEmpty(entityId))
                unaddressed.Add(i);
            else if (byEntity.TryGetValue(entityId, out var group))
                group.Add(i);
            else
                byEntity[entityId] = [i];
        }

        var outcomes = new PublishOutcome?[items.Count];
        var entities = Parallel.ForEachAsync(byEntity, new ParallelOptions { MaxDegreeOfParallelism = EntitiesInFlight }, (entity, _) =>
            new ValueTask(RunGroupAsync(entity.Value, () => grains.Entity(entity.Key).PublishAsync([.. entity.Value.Select(i => items[i].Event!)]))));
        if (unaddressed.Count > 0)
            await RunGroupAsync(unaddressed, () => AppendUnaddressedAsync([.. unaddressed.Select(i => items[i].Event!)]));
        await entities;

        var results = new PublishResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (outcomes[i] is { } outcome)
            {
                if (!outcome.Duplicate)
                    counters.Record(items[i].Event!.Source);
                results[i] = new PublishResult(outcome.EventId, items[i].Event!.Stream, null);
            }
            else
            {
                results[i] = new PublishResult(null, items[i].SubmittedStream, failures[i]);
            }
        }
        return results;

        async Task RunGroupAsync(List<int> group, Func<Task<ImmutableArray<PublishOutcome>>> publish)
        {
            try
            {
                var groupOutcomes = await UnsentCallRetry.RunAsync(publish, time);
                for (var k = 0; k < group.Count; k++)
                    outcomes[group[k]] = groupOutcomes[k];
            }
            catch (Exception e)
            {
                foreach (var i in group)
                {
                    LogPublishFailed(e, correlationId, items[i].Event!.EventId, items[i].Event!.EntityId);
                    failures[i] = e is EventsTooLargeException ? PublishFailure.TooLarge(e.Message)
                        : Unavailability.Reason(e) is { } reason ? PublishFailure.Unavailable(reason)
                        : PublishFailure.Storage(correlationId);
                }
            }
        }
    }

    /// <summary>docs/api.md §7.4 and §8: token and namespace per item, then one admission per namespace.</summary>
    private async Task AdmitAsync(IReadOnlyList<PublishItem> items, string? token, PublishFailure?[] failures)
    {
        var byNamespace = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (failures[i] is not null)
                continue;
            if (token is null)
            {
                failures[i] = PublishFailure.Authorization(401, "Authorization token not provided");
                continue;
            }
            var check = NamespaceClaim.ForEventWrite(items[i].Event!.EntityId);
            if (check.Namespace is not { } ns)
            {
                failures[i] = PublishFailure.Authorization(check.Status, check.Message!);
                continue;
            }
            if (byNamespace.TryGetValue(ns, out var group))
                group.Add(i);
            else
                byNamespace[ns] = [i];
        }

        var ratePerMinute = writes.RatePerMinute;
        await Task.WhenAll(byNamespace.Select(async pair =>
        {
            var (ns, group) = pair;
            var admission = await grains.Namespace(ns).AdmitWritesAsync(token!, group.Count, ratePerMinute);
            var refusal = admission.Verdict switch
            {
                WriteVerdict.NotRegistered => PublishFailure.Authorization(401, TokenRefusal.NotRegistered(ns)),
                WriteVerdict.WrongToken => PublishFailure.Authorization(403,
                    TokenRefusal.CannotWrite(ns, await namespaces.FindByTokenHashAsync(NamespaceToken.Hash(token!)))),
                _ => null,
            };
            for (var k = 0; k < group.Count; k++)
                failures[group[k]] = refusal ?? (k >= admission.Admitted ? PublishFailure.RateLimited(admission.RetryAfterSeconds) : null);
        }));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "request {CorrelationId}: event {EventId} for entity {EntityId} was not stored")]
    private partial void LogPublishFailed(Exception exception, string correlationId, string eventId, string? entityId);

    /// <summary>Events without an entity id are stored and counted but change no state (docs/api.md §5).</summary>
    private async Task<ImmutableArray<PublishOutcome>> AppendUnaddressedAsync(FluxEvent[] events)
    {
        var acceptedAt = ServerTime.TruncateToMicroseconds(time.GetUtcNow());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outcomes = new PublishOutcome[events.Length];
        var records = new List<EventRecord>(events.Length);
        var appended = new List<int>(events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            var duplicate = !seen.Add(events[i].EventId);
            outcomes[i] = new PublishOutcome(events[i].EventId, duplicate);
            if (duplicate)
                continue;
            records.Add(new EventRecord(events[i].EventId, null, events[i].Source, acceptedAt, events[i].ToEnvelopeJson()));
            appended.Add(i);
        }
        if (records.Count > 0)
        {
            var results = await log.AppendAsync(new AppendBatch(records));
            for (var k = 0; k < results.Count; k++)
                if (results[k].Duplicate)
                    outcomes[appended[k]] = outcomes[appended[k]] with { Duplicate = true };
        }
        return [.. outcomes];
    }
}
