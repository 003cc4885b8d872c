using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Flux.Gateway.Requests;

/// <summary>
/// The body of <c>POST /api/state/entities/delete</c> (docs/api.md §6.7). When several filters are
/// present the first of <c>namespace</c>, <c>prefix</c>, <c>entity_ids</c> wins and the others
/// are ignored, even if they are malformed; a null value counts as absent.
/// </summary>
/// <param name="Kind">The chosen filter.</param>
/// <param name="Text">The namespace or prefix; empty for <see cref="DeleteFilterKind.EntityIds"/>.</param>
/// <param name="EntityIds">The listed ids for <see cref="DeleteFilterKind.EntityIds"/>; empty otherwise.</param>
public sealed record DeleteFilter(DeleteFilterKind Kind, string Text, IReadOnlyList<string> EntityIds)
{
    public const string MissingMessage = "request must contain one of 'namespace', 'prefix' or 'entity_ids'";

    /// <summary>Parses the body; on failure <paramref name="error"/> is the 400 message.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out DeleteFilter? filter, out string error)
    {
        filter = null;
        if (!JsonBody.TryParseObject(body, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (JsonBody.TryGetPresent(root, "namespace", out var ns))
            {
                return TryText(DeleteFilterKind.Namespace, ns, "namespace must be a string", out filter, out error);
            }

            if (JsonBody.TryGetPresent(root, "prefix", out var prefix))
            {
                return TryText(DeleteFilterKind.Prefix, prefix, "prefix must be a string", out filter, out error);
            }

            if (JsonBody.TryGetPresent(root, "entity_ids", out var ids))
            {
                return TryIds(ids, out filter, out error);
            }

            error = MissingMessage;
            return false;
        }
    }

    private static bool TryText(DeleteFilterKind kind, JsonElement value, string wrongType, out DeleteFilter? filter, out string error)
    {
        if (!JsonBody.TryReadString(value, out var text))
        {
            filter = null;
            error = wrongType;
            return false;
        }

        filter = new DeleteFilter(kind, text, []);
        error = "";
        return true;
    }

    private static bool TryIds(JsonElement value, out DeleteFilter? filter, out string error)
    {
        filter = null;
        error = "entity_ids must be an array of strings";
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var ids = new string[value.GetArrayLength()];
        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (!JsonBody.TryReadString(element, out var id))
            {
                return false;
            }

            ids[i++] = id;
        }

        filter = new DeleteFilter(DeleteFilterKind.EntityIds, "", ids);
        error = "";
        return true;
    }
}
