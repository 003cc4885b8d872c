using System.Text.Json;

namespace Flux.Functional.Tests.Client;

/// <summary>Assertions on responses whose failure messages show the whole request and response.</summary>
public static class Expect
{
    public static ApiResponse Status(ApiResponse response, int status)
    {
        if (response.Status != status)
            Assert.Fail($"expected HTTP {status}: {response}");
        return response;
    }

    public static ApiResponse Ok(ApiResponse response) => Status(response, 200);

    /// <summary>The contract error shape (docs/api.md §2.4): JSON content type, exactly one string key `error`.</summary>
    public static string Error(ApiResponse response, int status, string? exactMessage = null)
    {
        Status(response, status);
        JsonContentType(response);
        JsonElement body;
        try
        {
            body = response.Json;
        }
        catch (InvalidOperationException)
        {
            Assert.Fail($"error body is not JSON: {response}");
            throw;
        }
        if (body.ValueKind != JsonValueKind.Object || body.EnumerateObject().Count() != 1 ||
            !body.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String)
        {
            Assert.Fail($"error body must be exactly {{\"error\": \"...\"}}: {response}");
            throw new InvalidOperationException();
        }
        var message = error.GetString()!;
        if (exactMessage is not null && message != exactMessage)
            Assert.Fail($"expected error message '{exactMessage}': {response}");
        return message;
    }

    public static void JsonContentType(ApiResponse response)
    {
        var type = response.ContentType;
        if (type is null || !(type == "application/json" || type.Replace(" ", "", StringComparison.Ordinal).Equals("application/json;charset=utf-8", StringComparison.OrdinalIgnoreCase)))
            Assert.Fail($"expected Content-Type application/json: {response}");
    }

    public static void Keys(JsonElement element, params string[] keys)
    {
        var actual = element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var expected = keys.Order(StringComparer.Ordinal).ToArray();
        if (!actual.SequenceEqual(expected))
            Assert.Fail($"expected exactly keys [{string.Join(", ", expected)}] but got [{string.Join(", ", actual)}] in {element.GetRawText()}");
    }

    public static void SameJson(JsonElement expected, JsonElement actual, string what)
    {
        if (!JsonElement.DeepEquals(expected, actual))
            Assert.Fail($"{what}: expected {expected.GetRawText()} but got {actual.GetRawText()}");
    }

    public static void NotServerError(ApiResponse response)
    {
        if (response.Status >= 500)
            Assert.Fail($"server error: {response}");
    }
}
