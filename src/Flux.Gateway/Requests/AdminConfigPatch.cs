using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Flux.Grains.Interfaces;

namespace Flux.Gateway.Requests;

/// <summary>
/// The body of <c>PUT /api/admin/config</c> (docs/api.md §6.9): any subset of the four limits.
/// A key absent or null means "unchanged"; unknown keys are ignored.
/// </summary>
public static class AdminConfigPatch
{
    /// <summary>Parses the body; on failure <paramref name="error"/> is the 400 message naming the first bad field.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out RuntimeLimitsChange? patch, out string error)
    {
        patch = null;
        if (!JsonBody.TryParseObject(body, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            bool? enabled = null;
            if (JsonBody.TryGetPresent(root, "rate_limit_enabled", out var flag))
            {
                if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    error = "rate_limit_enabled must be a boolean";
                    return false;
                }

                enabled = flag.ValueKind == JsonValueKind.True;
            }

            if (!TryPositive(root, "rate_limit_per_namespace_per_minute", out var perMinute, out error)
                || !TryPositive(root, "body_size_limit_single_bytes", out var single, out error)
                || !TryPositive(root, "body_size_limit_batch_bytes", out var batch, out error))
            {
                return false;
            }

            patch = new RuntimeLimitsChange(enabled, perMinute, single, batch);
            return true;
        }
    }

    // A JSON integer (no fraction or exponent) within int64 and at least 1; 0 would block every request.
    private static bool TryPositive(JsonElement root, string name, out long? value, out string error)
    {
        value = null;
        error = "";
        if (!JsonBody.TryGetPresent(root, name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var number) || number < 1)
        {
            error = $"{name} must be an integer >= 1";
            return false;
        }

        value = number;
        return true;
    }
}
