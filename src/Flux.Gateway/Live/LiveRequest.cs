using System.Text.Json;

namespace Flux.Gateway.Live;

/// <summary>
/// Parses a client message of <c>/api/ws</c> (docs/api.md §10.3); null for anything that is to be ignored, which
/// includes a subscribe or unsubscribe without a filter: a bare subscribe used to mean "*", and kept a client on
/// everything after it later subscribed to one id.
/// </summary>
public static class LiveRequest
{
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";

    /// <summary>The message type and its filter (<see cref="SubscriptionFilter.From"/>).</summary>
    public static (string Type, SubscriptionFilter Filter)? Parse(ReadOnlySpan<byte> message)
    {
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 256 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                return null;
            var kind = type.GetString();
            if (kind is not (Subscribe or Unsubscribe))
                return null;
            return SubscriptionFilter.From(root) is { } filter ? (kind, filter) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // invalid UTF-8 inside a string
        }
    }
}
