using System.Text.Json;
using Flux.Gateway.Configuration;
using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Gateway.Publishing;
using Flux.Gateway.Requests;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Flux.Gateway.Api;

/// <summary>Publishing (docs/api.md §6.1, §6.2) and history (§6.3).</summary>
public static class EventsApi
{
    private const string Tag = "Events";
    private const int DefaultHistoryLimit = 100;
    private const int MaxHistoryLimit = 500;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/events", PublishOneAsync)
            .WithTags(Tag)
            .WithSummary("Publish one event")
            .AcceptsJson<EventSubmission>()
            .Produces<PublishAnswer>()
            .ProducesErrors(400, 401, 403, 413, 429);
        routes.MapPost("/api/events/batch", PublishBatchAsync)
            .WithTags(Tag)
            .WithSummary("Publish several events")
            .WithDescription("Each event succeeds or fails on its own: check `failed`, not only the status. The 200 carries " +
                "`Retry-After` when an item was rate limited.")
            .AcceptsJson<BatchSubmission>()
            .Produces<BatchAnswer>()
            .ProducesErrors(400, 413);
        routes.MapGet("/api/events", HistoryAsync)
            .WithTags(Tag)
            .WithSummary("Event history of one entity, newest first")
            .WithQueryParameter("entity", "Exact entity id.", required: true)
            .WithQueryParameter("since", "RFC 3339 date-time; events the server accepted at or after it. Default: 24 hours ago.")
            .WithQueryParameter("limit", "How many of the newest events, 1 to 500 (clamped). Default: 100.", type: JsonSchemaType.Integer)
            .Produces<IReadOnlyList<AcceptedEvent>>()
            .ProducesErrors(400);
        return routes;
    }

    private static async Task PublishOneAsync(HttpContext context, EventPublisher publisher, EventParsing parsing, RuntimeLimitsStore limits)
    {
        var body = await RequestBody.ReadOrRejectAsync(context, limits.Current.BodySizeLimitSingleBytes);
        if (body is null)
            return;
        if (!JsonBody.TryParseObject(body, out var document, out var error))
        {
            await JsonResponse.ErrorAsync(context, 400, error);
            return;
        }
        using (document)
        {
            var item = parsing.Parse(document.RootElement);
            var result = (await publisher.PublishAsync([item], BearerToken.From(context.Request), context.TraceIdentifier))[0];
            if (result.Failure is { } failure)
            {
                if (failure.RetryAfterSeconds > 0)
                    context.Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await JsonResponse.ErrorAsync(context, failure.Status, failure.Message);
                return;
            }
            await JsonResponse.WriteAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("eventId", result.EventId);
                w.WriteString("stream", result.Stream);
                w.WriteEndObject();
            });
        }
    }

    private static async Task PublishBatchAsync(HttpContext context, EventPublisher publisher, EventParsing parsing, RuntimeLimitsStore limits)
    {
        var body = await RequestBody.ReadOrRejectAsync(context, limits.Current.BodySizeLimitBatchBytes);
        if (body is null)
            return;
        if (!BatchRequest.TryParse(body, out var batch, out var error))
        {
            await JsonResponse.ErrorAsync(context, 400, error);
            return;
        }
        using (batch)
        {
            var items = batch.Events.EnumerateArray().Select(parsing.Parse).ToArray();
            var results = await publisher.PublishAsync(items, BearerToken.From(context.Request), context.TraceIdentifier);
            var retryAfter = results.Max(r => r.Failure?.RetryAfterSeconds ?? 0);
            if (retryAfter > 0)
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var failed = results.Count(r => r.Failure is not null);
            await JsonResponse.WriteAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("successful", results.Length - failed);
                w.WriteNumber("failed", failed);
                w.WriteStartArray("results");
                foreach (var result in results)
                {
                    w.WriteStartObject();
                    WriteStringOrNull(w, "eventId", result.EventId);
                    WriteStringOrNull(w, "stream", result.Stream);
                    WriteStringOrNull(w, "error", result.Failure?.BatchError);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }

    private static async Task HistoryAsync(HttpContext context, IEventLog log, TimeProvider time)
    {
        var query = context.Request.Query;
        var entity = query["entity"].ToString();
        if (entity.Length == 0)
        {
            await JsonResponse.ErrorAsync(context, 400, "entity parameter is required");
            return;
        }
        var since = time.GetUtcNow().AddHours(-24);
        if (query.TryGetValue("since", out var sinceText) && !ServerTime.TryParseSince(sinceText.ToString(), out since))
        {
            await JsonResponse.ErrorAsync(context, 400, "invalid `since` timestamp (expected ISO 8601)");
            return;
        }
        var limit = DefaultHistoryLimit;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (!long.TryParse(limitText.ToString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var requested))
            {
                await JsonResponse.ErrorAsync(context, 400, "invalid limit (expected an integer)");
                return;
            }
            limit = (int)Math.Clamp(requested, 1, MaxHistoryLimit);
        }
        var events = await log.ReadHistoryAsync(entity, since, limit, context.RequestAborted);
        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var stored in events)
                w.WriteRawValue(stored.Event.Envelope.Span, skipInputValidation: true);
            w.WriteEndArray();
        });
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }
}
