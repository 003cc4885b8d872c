using System.Text.Json;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Microsoft.AspNetCore.Http;

namespace Flux.Gateway.Http;

/// <summary>Writes JSON bodies straight into the response pipe: no intermediate objects, no reflection.</summary>
public static class JsonResponse
{
    public const string ContentType = "application/json; charset=utf-8";

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, FluxJson.WriterOptions))
            write(writer);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The contract's error body (docs/api.md §2.4): <c>{"error": message}</c>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });
}
