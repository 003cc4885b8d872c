using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Flux.Gateway.Http;

/// <summary>
/// Reads a request body up to a limit (docs/api.md §9): rejects early from Content-Length, and stops
/// reading a chunked body as soon as it crosses the limit. Null means "too large".
/// </summary>
public static class RequestBody
{
    /// <summary>Fixed limit for endpoints without a configurable one.</summary>
    public const int DefaultLimit = 2 * 1024 * 1024;

    /// <summary>The body, or null after answering 413 <c>payload too large</c> (docs/api.md §9, exact).</summary>
    public static async Task<byte[]?> ReadOrRejectAsync(HttpContext context, long limit)
    {
        var body = await ReadAsync(context.Request, limit);
        if (body is null)
            await JsonResponse.ErrorAsync(context, 413, "payload too large");
        return body;
    }

    private static async Task<byte[]?> ReadAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
            return null;
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }
            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
