using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Operators;

/// <summary>OpenTelemetry (docs/api.md §6.11): <c>/metrics</c> as Prometheus text, and one trace per write over OTLP.</summary>
[Trait("Suite", "conformance")]
public sealed class TelemetryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task metrics_parse_as_prometheus_text_and_hold_flux_aspnetcore_and_orleans_series()
    {
        await using var flux = await FluxUnderTest.StartAsync();
        await flux.Api.PublishOkAsync(Ids.Unique("series"), FluxApi.Props("a", 1));

        var samples = PrometheusText.Parse(await flux.Server.Http.GetStringAsync("metrics"));

        var names = samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[]
                 {
                     "flux_events_accepted_total", "flux_events_rate_per_second", "flux_publishers_active", "flux_websocket_connections",
                     "flux_index_lag_seconds", "flux_grain_activations", "flux_grain_activations_total", "flux_grain_deactivations_total",
                     "process_resident_memory_bytes", "dotnet_gc_heap_size_bytes", "flux_subscriber_connections",
                 })
            Assert.Contains(name, names);
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/api/events");
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal) && s.Name != "dotnet_gc_heap_size_bytes");
    }

    [Fact]
    public async Task a_publish_moves_the_accepted_total_and_the_append_latency_count()
    {
        await using var flux = await FluxUnderTest.StartAsync();
        var accepted = (await MetricsAsync(flux.Server)).Sum("flux_events_accepted_total");
        var appends = await AppendsAsync(flux);

        await flux.Api.PublishOkAsync(Ids.Unique("moves"), FluxApi.Props("a", 1));

        await Eventually.HoldsAsync(async () => (await MetricsAsync(flux.Server)).Sum("flux_events_accepted_total"), total => total == accepted + 1, Wait,
            "flux_events_accepted_total counting the publish");
        await Eventually.HoldsAsync(() => AppendsAsync(flux), count => count == appends + 1, Wait, "flux_append_duration_seconds_count counting the append");
    }

    [Fact]
    public async Task one_trace_runs_from_the_post_through_the_grain_call_to_the_log_append()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var flux = await FluxUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100", // export spans every 0.1 s rather than every 5 s
        });
        var entityId = Ids.Unique("traced");

        var eventId = await flux.Api.PublishOkAsync(entityId, FluxApi.Props("a", 1));

        var append = await Eventually.HoldsAsync(() => Task.FromResult(receiver.Spans.FirstOrDefault(s => s.Scope == "Flux" && s.Attributes.GetValueOrDefault("flux.event_id") == eventId)),
            span => span is not null, Wait, "the append span of the publish");
        Assert.Equal(entityId, append!.Attributes["flux.entity_id"]);
        var trace = await Eventually.HoldsAsync(() => Task.FromResult(receiver.Spans.Where(s => s.TraceId == append.TraceId).ToList()),
            spans => spans.Any(s => s.Scope == "Microsoft.AspNetCore") && spans.Any(s => s.SpanId == append.ParentSpanId), Wait,
            "the request's and the grain call's spans in the append's trace");
        var request = trace.Single(s => s.Scope == "Microsoft.AspNetCore");
        Assert.Equal("", request.ParentSpanId);
        Assert.Equal("Microsoft.Orleans.Application", trace.Single(s => s.SpanId == append.ParentSpanId).Scope);
    }

    [Fact]
    public async Task a_subscriber_dropped_as_too_slow_is_counted()
    {
        await using var flux = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_WS_QUEUE_LIMIT"] = "10" });
        await using var slow = await LiveSocket.ConnectAsync(flux.BaseAddress, receiveBufferBytes: 1024, startReading: false);
        var padding = new string('p', 10_000);

        // Each batch sends the slow client about 1 MB it never reads: its queue of 10 messages overflows.
        await Eventually.HoldsAsync(async () =>
        {
            var events = Enumerable.Range(0, 100).Select(n => (System.Text.Json.Nodes.JsonNode)EventJson.Event("dropped/x", FluxApi.Props("p", padding + n))).ToArray();
            Expect.Ok(await flux.Api.BatchAsync(EventJson.Batch(events)));
            return (await MetricsAsync(flux.Server)).Sum("flux_subscribers_dropped_total");
        }, dropped => dropped == 1, Wait, "flux_subscribers_dropped_total counting the slow subscriber");
    }

    [Fact]
    public async Task with_telemetry_off_the_server_serves_no_metrics_and_still_accepts_events()
    {
        await using var flux = await FluxUnderTest.StartAsync(new Dictionary<string, string> { ["FLUX_TELEMETRY_ENABLED"] = "false" });

        await flux.Api.PublishOkAsync(Ids.Unique("dark"), FluxApi.Props("a", 1));

        Assert.Equal(404, (int)(await flux.Server.Http.GetAsync("metrics")).StatusCode);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> MetricsAsync(FluxServer server) =>
        PrometheusText.Parse(await server.Http.GetStringAsync("metrics"));

    /// <summary>Appends so far: each silo counts its own grains' (in the cluster, on its own /metrics).</summary>
    private static async Task<double> AppendsAsync(FluxUnderTest flux)
    {
        var total = 0.0;
        foreach (var silo in flux.Silos)
            total += (await MetricsAsync(silo)).Sum("flux_append_duration_seconds_count");
        return total;
    }
}
