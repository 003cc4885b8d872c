namespace Flux.Contract;

/// <summary>
/// Outcome of <see cref="EventParser.Parse"/>: an accepted <see cref="Event"/>, or a refusal
/// with its HTTP status (400 validation, 403 reserved namespace) and message.
/// </summary>
public sealed record EventParseResult
{
    private EventParseResult(FluxEvent? @event, int status, string? message, string? stream)
    {
        Event = @event;
        Status = status;
        Message = message;
        Stream = stream;
    }

    /// <summary>The parsed event; null when refused.</summary>
    public FluxEvent? Event { get; }

    /// <summary>200 when accepted, 400 or 403 when refused.</summary>
    public int Status { get; }

    /// <summary>The single-event error message (docs/api.md §6.1), null when accepted.</summary>
    public string? Message { get; }

    /// <summary>The submitted stream when it was a string (also on refusal, for batch results), else null.</summary>
    public string? Stream { get; }

    public bool IsAccepted => Event is not null;

    /// <summary>The <c>error</c> of a failed batch item (docs/api.md §6.2): the single-event message with its exact prefix.</summary>
    public string? BatchItemError => Event is not null
        ? null
        : Status == 403 ? "authorization failed: " + Message : "validation failed: " + Message;

    internal static EventParseResult Accepted(FluxEvent @event) => new(@event, 200, null, @event.Stream);

    internal static EventParseResult Invalid(string message, string? stream) => new(null, 400, message, stream);

    internal static EventParseResult Forbidden(string message, string? stream) => new(null, 403, message, stream);
}
