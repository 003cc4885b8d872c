using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flux.Benchmarks.Http;

/// <summary>
/// The limit Flux's HTTP figures are compared with: a trivial Kestrel app doing the least work the same
/// requests need (parse the JSON body, answer a small JSON), in this process, measured in the same run.
/// </summary>
internal sealed class RawKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RawKestrel(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    public static async Task<RawKestrel> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var entity = """{"id":"bench/e-1","properties":{"temperature":22.5,"status":"ok"},"lastUpdated":"2026-01-01T00:00:00.000000+00:00"}"""u8.ToArray();
        app.MapPost("/api/events", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var stream = body.RootElement.GetProperty("stream").GetString();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"eventId":"{{Guid.CreateVersion7()}}","stream":"{{stream}}"}""");
        });
        app.MapGet("/api/state/entities/{**id}", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(entity);
        });
        await app.StartAsync();
        return new RawKestrel(app, $"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
