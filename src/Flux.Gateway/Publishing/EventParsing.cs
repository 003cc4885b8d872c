using System.Text.Json;
using Flux.Contract;
using Flux.Grains.Interfaces;

namespace Flux.Gateway.Publishing;

/// <summary>Validates one submitted event (docs/api.md §6.1 steps 3–10) into a <see cref="PublishItem"/>.</summary>
public sealed class EventParsing(EventIdGenerator eventIds, TimeProvider time)
{
    public PublishItem Parse(JsonElement submitted)
    {
        var result = EventParser.Parse(submitted, eventIds, time.GetUtcNow().ToUnixTimeMilliseconds());
        return result.Event is { } e
            ? PublishItem.Valid(e)
            : PublishItem.Invalid(new PublishFailure(result.Status, result.Message!, result.BatchItemError!), result.Stream);
    }
}
