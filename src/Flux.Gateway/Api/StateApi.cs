using System.Text.Json;
using Flux.Gateway.Configuration;
using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Gateway.Metrics;
using Flux.Gateway.Publishing;
using Flux.Gateway.Requests;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Api;

/// <summary>Reading, listing and deleting entities (docs/api.md §6.4–§6.7).</summary>
public static partial class StateApi
{
    private const string Tag = "Entities";
    private const string EntitiesPath = "/api/state/entities";
    private const string IdInPath = "The entity id: one percent-encoded segment (`a%2Fb`) or several raw ones (`a/b`).";
    private const int ListPageSize = 1000;

    public static IEndpointRouteBuilder MapStateApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(EntitiesPath, ListAsync)
            .WithTags(Tag)
            .WithSummary("List entities, sorted by id")
            .WithQueryParameter("prefix", "Ids that start with this text.")
            .WithQueryParameter("namespace", "Ids that start with this text and '/'; an empty value selects the ids starting with '/'.")
            .Produces<IReadOnlyList<Entity>>();
        routes.MapPost(EntitiesPath + "/delete", DeleteManyAsync)
            .WithTags(Tag)
            .WithSummary("Delete the entities a filter selects")
            .AcceptsJson<DeletionFilter>()
            .Produces<DeletionAnswer>()
            .ProducesErrors(400, 401, 403, 413);
        routes.MapGet(EntitiesPath + "/{**id}", GetAsync)
            .WithTags(Tag)
            .WithSummary("Read one entity")
            .WithPathParameter("id", IdInPath)
            .Produces<Entity>()
            .ProducesErrors(404);
        routes.MapDelete(EntitiesPath + "/{**id}", DeleteOneAsync)
            .WithTags(Tag)
            .WithSummary("Delete one entity")
            .WithPathParameter("id", IdInPath)
            .Produces<EntityDeletion>()
            .ProducesErrors(400, 401, 403, 404);
        return routes;
    }

    private static async Task ListAsync(HttpContext context, IEntityIndex index, FluxGrains grains)
    {
        // Present but empty is a value: ?namespace= selects ids starting with '/', never everything.
        var query = context.Request.Query;
        var filter = new EntityFilter(
            query.TryGetValue("prefix", out var prefix) ? prefix.ToString() : null,
            query.TryGetValue("namespace", out var ns) ? ns.ToString() : null);
        var directory = filter.Matches(IDirectoryGrain.Key)
            ? await grains.Directory.GetAsync()
            : null;

        // The first page is read before anything is written, so an unreachable index still gets a clean 503.
        var page = await index.ListAsync(filter, null, ListPageSize, context.RequestAborted);
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonResponse.ContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, FluxJson.WriterOptions);
        writer.WriteStartArray();
        while (true)
        {
            foreach (var row in page)
            {
                if (directory is not null && string.CompareOrdinal(directory.Id, row.Id) < 0)
                {
                    WriteEntity(writer, directory.Id, directory.Properties, directory.LastUpdated);
                    directory = null;
                }
                WriteEntity(writer, row.Id, row.Properties.Span, row.LastUpdated);
            }
            await writer.FlushAsync(context.RequestAborted);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            if (page.Count < ListPageSize)
                break;
            page = await index.ListAsync(filter, page[^1].Id, ListPageSize, context.RequestAborted);
        }
        if (directory is not null)
            WriteEntity(writer, directory.Id, directory.Properties, directory.LastUpdated);
        writer.WriteEndArray();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static async Task GetAsync(HttpContext context, FluxGrains grains)
    {
        var id = EntityIdFromPath(context);
        var view = id.Length == 0
            ? null
            : id == IDirectoryGrain.Key
                ? await grains.Directory.GetAsync()
                : await grains.Entity(id).GetAsync();
        if (view is null)
        {
            await JsonResponse.ErrorAsync(context, 404, "Entity not found");
            return;
        }
        await JsonResponse.WriteAsync(context, 200, w => WriteEntity(w, view.Id, view.Properties, view.LastUpdated));
    }

    private static async Task DeleteOneAsync(HttpContext context, FluxGrains grains, DeleteAuthorization authorization, EventCounters counters)
    {
        var id = EntityIdFromPath(context);
        if (id.Length == 0)
        {
            await JsonResponse.ErrorAsync(context, 404, "Entity not found");
            return;
        }
        if (EntityIds.IsReserved(id))
        {
            await JsonResponse.ErrorAsync(context, 403, "entity namespace 'flux-core' is reserved");
            return;
        }
        var denied = await authorization.CheckAsync(BearerToken.From(context.Request), [id]);
        if (denied is { } failure)
        {
            await JsonResponse.ErrorAsync(context, failure.Status, failure.Message);
            return;
        }
        var outcome = await grains.Entity(id).DeleteAsync();
        counters.Record(FluxEvent.TombstoneSource);
        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("entity_id", id);
            w.WriteString("eventId", outcome.EventId);
            w.WriteEndObject();
        });
    }

    private static async Task DeleteManyAsync(HttpContext context, FluxGrains grains, IEntityIndex index, DeleteAuthorization authorization,
        EventCounters counters, IOptions<ApiOptions> api, ILoggerFactory loggers)
    {
        var body = await RequestBody.ReadOrRejectAsync(context, RequestBody.DefaultLimit);
        if (body is null)
            return;
        if (!DeleteFilter.TryParse(body, out var filter, out var error))
        {
            await JsonResponse.ErrorAsync(context, 400, error);
            return;
        }
        var token = BearerToken.From(context.Request);
        if (api.Value.AuthEnabled && token is null)
        {
            await JsonResponse.ErrorAsync(context, 401, "Missing Authorization header");
            return;
        }

        var selection = filter.Kind == DeleteFilterKind.Namespace ? new EntityFilter(Namespace: filter.Text) : new EntityFilter(Prefix: filter.Text);
        var targets = filter.Kind == DeleteFilterKind.EntityIds
            ? filter.EntityIds
            : await MatchingIdsAsync(index, selection, api.Value.MaxBatchDelete + 1, context.RequestAborted);
        if (targets.Count > api.Value.MaxBatchDelete)
        {
            // The matching stopped one past the limit; the message states how many the filter really selects.
            var requested = filter.Kind == DeleteFilterKind.EntityIds ? targets.Count : await index.CountAsync(selection, context.RequestAborted);
            await JsonResponse.ErrorAsync(context, 400, $"Batch too large: {requested} entities requested, max is {api.Value.MaxBatchDelete}");
            return;
        }
        var denied = await authorization.CheckAsync(token, targets.Where(id => !EntityIds.IsReserved(id)).ToArray());
        if (denied is { } failure)
        {
            await JsonResponse.ErrorAsync(context, failure.Status, failure.Message);
            return;
        }

        var errors = new List<string>();
        var deletions = targets.Select(async id =>
        {
            if (EntityIds.IsReserved(id))
                return $"{id}: entity namespace 'flux-core' is reserved";
            try
            {
                await grains.Entity(id).DeleteAsync();
                counters.Record(FluxEvent.TombstoneSource);
                return null;
            }
            catch (Exception e)
            {
                LogDeleteFailed(loggers.CreateLogger(typeof(StateApi)), e, context.TraceIdentifier, id);
                return $"{id}: could not write the tombstone: {InternalError.Message(context.TraceIdentifier)}";
            }
        }).ToArray();
        foreach (var result in await Task.WhenAll(deletions))
            if (result is not null)
                errors.Add(result);

        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("deleted", targets.Count - errors.Count);
            w.WriteNumber("failed", errors.Count);
            w.WriteStartArray("errors");
            foreach (var e in errors)
                w.WriteStringValue(e);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Current entities a namespace/prefix filter selects, system entities never included (§6.7); at most <paramref name="max"/>.</summary>
    private static async Task<IReadOnlyList<string>> MatchingIdsAsync(IEntityIndex index, EntityFilter entityFilter, int max, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? after = null;
        while (ids.Count < max)
        {
            var page = await index.ListAsync(entityFilter, after, ListPageSize, cancellationToken);
            ids.AddRange(page.Select(r => r.Id).Where(id => !EntityIds.IsReserved(id)));
            if (page.Count < ListPageSize)
                break;
            after = page[^1].Id;
        }
        return ids.Count > max ? ids.GetRange(0, max) : ids;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "request {CorrelationId}: the tombstone of entity {EntityId} was not stored")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string correlationId, string entityId);

    /// <summary>
    /// docs/api.md §3.6: the id is one percent-encoded segment (<c>a%2Fb</c>) or several raw ones (<c>a/b</c>).
    /// Kestrel leaves <c>%2F</c> encoded in the path, so decode from the raw request target.
    /// </summary>
    private static string EntityIdFromPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
            raw = raw[..query];
        const string prefix = EntitiesPath + "/";
        if (!raw.StartsWith(prefix, StringComparison.Ordinal))
            return context.Request.RouteValues["id"] as string ?? "";
        try
        {
            return Uri.UnescapeDataString(raw[prefix.Length..]);
        }
        catch (UriFormatException)
        {
            return raw[prefix.Length..];
        }
    }

    private static void WriteEntity(Utf8JsonWriter writer, string id, ReadOnlySpan<byte> properties, DateTimeOffset lastUpdated)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WritePropertyName("properties");
        writer.WriteRawValue(properties, skipInputValidation: true);
        writer.WriteString("lastUpdated", ServerTime.Format(lastUpdated));
        writer.WriteEndObject();
    }
}
