using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Flux.Gateway.Requests;

/// <summary>
/// The body of <c>POST /api/events/batch</c> after the request-level checks of docs/api.md §6.2.
/// Items are validated one by one later (EventParser), so one bad item never fails the batch.
/// Owns the parsed document: dispose it when the items are done.
/// </summary>
public sealed class BatchRequest : IDisposable
{
    public const string EmptyMessage = "Batch request must contain at least one event";

    private readonly JsonDocument _document;

    private BatchRequest(JsonDocument document, JsonElement events)
    {
        _document = document;
        Events = events;
    }

    /// <summary>The <c>events</c> array; elements may be of any kind.</summary>
    public JsonElement Events { get; }

    public int Count => Events.GetArrayLength();

    /// <summary>Parses the body; on failure <paramref name="error"/> is the 400 message.</summary>
    /// <remarks>The request refers to <paramref name="body"/>'s memory until disposed.</remarks>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out BatchRequest? request, out string error)
    {
        request = null;
        if (!JsonBody.TryParseObject(body, out var document, out error))
        {
            return false;
        }

        if (!document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            error = "events must be an array";
            return false;
        }

        if (events.GetArrayLength() == 0)
        {
            document.Dispose();
            error = EmptyMessage;
            return false;
        }

        request = new BatchRequest(document, events);
        return true;
    }

    public void Dispose() => _document.Dispose();
}
