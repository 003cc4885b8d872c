using System.Net;
using System.Text.Json;
using Flux.Benchmarks.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flux.Benchmarks.GrainFloor;

/// <summary>
/// <c>grain-host --port N</c>: a minimal Kestrel app co-hosting an Orleans silo, serving until stopped.
/// <c>POST /raw</c> parses the event and answers 200; <c>POST /grain</c> does the same and also calls
/// <see cref="IEmptyGrain"/> keyed by the event's entity id, so the two differ by one grain call.
/// </summary>
internal static class GrainHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var port = options.GetInt("--port", 0);
        if (port == 0)
            throw new ArgumentException("grain-host needs --port N");

        var builder = WebApplication.CreateSlimBuilder();
        // Console lines per request would cost more than the grain call being measured.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        // Orleans listens with ReuseAddress: on its default port (11111) another silo on this machine would
        // share connections silently, so take a free one. Gateway port 0: no listener, the only client is in here.
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: Flux.Testing.FreePort.Next(), gatewayPort: 0));

        var app = builder.Build();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        app.MapGet("/readyz", () => "ok");
        app.MapPost("/raw", async context => await EntityIdAsync(context.Request));
        app.MapPost("/grain", async context => await grains.GetGrain<IEmptyGrain>(await EntityIdAsync(context.Request)).Ping());
        await app.RunAsync();
        return 0;
    }

    private static async Task<string> EntityIdAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        return body.RootElement.GetProperty("payload").GetProperty("entity_id").GetString()
            ?? throw new BadHttpRequestException("payload.entity_id is null");
    }
}
