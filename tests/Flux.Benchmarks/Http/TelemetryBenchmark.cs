using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flux.Benchmarks.Http;

/// <summary>
/// <c>telemetry</c>: what OpenTelemetry costs a single publish (docs/api.md §6.11). Each round starts a fresh server
/// with <c>FLUX_TELEMETRY_ENABLED=false</c>, one with the defaults (metrics, <c>/metrics</c>), one that also traces
/// every request to an OTLP receiver in this process, and one that traces 1 % of them, in an order that turns each round; each measures single
/// POSTs under wrk after a warm-up. The machine drifts, so what counts is each round's on/off ratio; their median is
/// printed beside the target (at most 5 % slower).
/// </summary>
internal static class TelemetryBenchmark
{
    private const double Target = 0.95;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var rounds = options.GetInt("--rounds", 3);
        var seconds = TimeSpan.FromSeconds(options.GetInt("--seconds", 10));
        var warmup = options.Warmup();
        await using var receiver = await OtlpSink.StartAsync();
        Setup[] setups =
        [
            new("off", new Dictionary<string, string> { ["FLUX_TELEMETRY_ENABLED"] = "false" }),
            new("on", new Dictionary<string, string>()),
            new("traced", new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            }),
            // OpenTelemetry's own sampler variables: one request in a hundred traced.
            new("sampled", new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
                ["OTEL_TRACES_SAMPLER_ARG"] = "0.01",
            }),
        ];

        for (var round = 1; round <= rounds; round++)
        {
            foreach (var setup in setups.Skip(round % setups.Length).Concat(setups.Take(round % setups.Length)))
            {
                await using var flux = await ServerProcess.StartFluxAsync(environment: setup.Environment);
                await Wrk.RunAsync(flux.Address, HttpLoad.PublishSingle, warmup);
                var measured = await Measurement.TakeAsync(flux, HttpLoad.PublishSingle, seconds);
                setup.Runs.Add(measured);
                HttpBenchmark.Print($"publish-single telemetry-{setup.Name} round-{round}", measured.ItemsPerSecond, measured.RateUnit);
                HttpBenchmark.Print($"publish-single telemetry-{setup.Name} round-{round} server-cpu", measured.ServerCpuUsPerItem, measured.CpuUnit);
            }
        }

        var off = setups[0];
        foreach (var setup in setups)
        {
            HttpBenchmark.Print($"publish-single telemetry-{setup.Name}", Median.Of(setup.Runs.Select(r => r.ItemsPerSecond)), "req/s");
            HttpBenchmark.Print($"publish-single telemetry-{setup.Name} server-cpu", Median.Of(setup.Runs.Select(r => r.ServerCpuUsPerItem)), "us/req");
            if (setup == off)
                continue;
            HttpBenchmark.Print($"publish-single telemetry-{setup.Name}/off",
                Median.Of(off.Runs.Zip(setup.Runs, (o, s) => s.ItemsPerSecond / o.ItemsPerSecond)), setup.Name == "on" ? $"x (target >= {Target})" : "x");
            // The server's CPU per request moves far less than the rate when other work shares the machine.
            HttpBenchmark.Print($"publish-single telemetry-{setup.Name}/off server-cpu",
                Median.Of(off.Runs.Zip(setup.Runs, (o, s) => s.ServerCpuUsPerItem / o.ServerCpuUsPerItem)), "x");
        }
        return 0;
    }

    private sealed record Setup(string Name, IReadOnlyDictionary<string, string> Environment)
    {
        public List<Measurement> Runs { get; } = [];
    }

    /// <summary>An OTLP/HTTP receiver that accepts and drops everything: the far end of the traced setup.</summary>
    private sealed class OtlpSink(WebApplication app, string endpoint) : IAsyncDisposable
    {
        public string Endpoint => endpoint;

        public static async Task<OtlpSink> StartAsync()
        {
            var port = Flux.Testing.FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                return Results.Ok();
            });
            await app.StartAsync();
            return new OtlpSink(app, $"http://127.0.0.1:{port}");
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
