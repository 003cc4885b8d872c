using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flux.Functional.Tests.Operators;

/// <summary>A span as an OTLP receiver gets it: ids in hex, its instrumentation scope, and its string attributes.</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Scope, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// An OTLP/HTTP receiver on a loopback port (<c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>): it keeps the spans
/// posted to <c>/v1/traces</c> and accepts anything else. The protobuf of ExportTraceServiceRequest
/// (opentelemetry-proto, trace/v1/trace.proto) is read field by field, only as deep as a test needs.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint { get; private init; } = "";

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app) { Endpoint = $"http://127.0.0.1:{port}" };
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            foreach (var span in ReadTraces(body.ToArray()))
                receiver._spans.Enqueue(span);
            context.Response.ContentType = "application/x-protobuf";
        });
        app.MapPost("/v1/{signal}", (string signal) => Results.Ok());
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ExportTraceServiceRequest { 1: ResourceSpans } ; ResourceSpans { 2: ScopeSpans } ; ScopeSpans { 1: scope { 1: name }, 2: Span }
    private static IEnumerable<ReceivedSpan> ReadTraces(byte[] request)
    {
        foreach (var (field, resourceSpans) in Fields(request))
            if (field == 1)
                foreach (var (f, scopeSpans) in Fields(resourceSpans))
                    if (f == 2)
                    {
                        var scope = Fields(scopeSpans).Where(s => s.Field == 1).Select(s => Text(Fields(s.Bytes).FirstOrDefault(n => n.Field == 1).Bytes)).FirstOrDefault() ?? "";
                        foreach (var (g, span) in Fields(scopeSpans))
                            if (g == 2)
                                yield return ReadSpan(span, scope);
                    }
    }

    // Span { 1: trace_id, 2: span_id, 4: parent_span_id, 5: name, 9: KeyValue { 1: key, 2: AnyValue { 1: string_value } } }
    private static ReceivedSpan ReadSpan(byte[] span, string scope)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, bytes) in Fields(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(bytes); break;
                case 2: spanId = Convert.ToHexStringLower(bytes); break;
                case 4: parent = Convert.ToHexStringLower(bytes); break;
                case 5: name = Text(bytes); break;
                case 9:
                    var pair = Fields(bytes).ToList();
                    var key = Text(pair.FirstOrDefault(p => p.Field == 1).Bytes);
                    var value = pair.FirstOrDefault(p => p.Field == 2).Bytes is { } any ? Fields(any).FirstOrDefault(v => v.Field == 1).Bytes : null;
                    if (value is not null)
                        attributes[key] = Text(value);
                    break;
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, scope, attributes);
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>The length-delimited fields of a message (wire type 2); numbers and fixed-width fields are skipped.</summary>
    private static IEnumerable<(int Field, byte[] Bytes)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var tag = Varint(message, ref at);
            var (field, wireType) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wireType)
            {
                case 0: Varint(message, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    yield return (field, message[at..(at + length)]);
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wireType} at byte {at}");
            }
        }
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
