using System.Text.Json;
using Flux.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Flux.Gateway.Tests.Http;

public sealed class ContractMiddlewareTests
{
    private sealed class RecordingLogger : ILogger<ContractMiddleware>
    {
        public List<(string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((formatter(state, exception), exception));
    }

    [Fact]
    public async Task an_unhandled_exception_answers_500_with_a_correlation_id_and_never_the_exception_text()
    {
        var logger = new RecordingLogger();
        var failure = new InvalidOperationException("disk /var/lib/flux/flux.db is full");
        var middleware = new ContractMiddleware(_ => throw failure, new DefaultEndpointDataSource(), logger);
        var context = new DefaultHttpContext { TraceIdentifier = "0HNABC:00000007" };
        context.Request.Method = "POST";
        context.Request.Path = "/api/events";
        using var body = new MemoryStream();
        context.Response.Body = body;

        await middleware.InvokeAsync(context);
        await context.Response.BodyWriter.FlushAsync();

        Assert.Equal(500, context.Response.StatusCode);
        using var json = JsonDocument.Parse(body.ToArray());
        var error = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("error", error.Name);
        Assert.Contains("correlation id 0HNABC:00000007", error.Value.GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("flux.db", error.Value.GetString(), StringComparison.Ordinal);
        var logged = Assert.Single(logger.Entries);
        Assert.Same(failure, logged.Exception);
        Assert.Contains("0HNABC:00000007", logged.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task an_unavailable_entity_or_store_answers_503_with_the_reason_and_retry_after(bool fromGrain)
    {
        Exception failure = fromGrain
            ? new Grains.Interfaces.EntityUnavailableException("entity 'a' is reloading from the log; retry")
            : new InvalidOperationException("activation failed", new Storage.StorageUnavailableException("entity 'a' is reloading from the log; retry"));
        var middleware = new ContractMiddleware(_ => throw failure, new DefaultEndpointDataSource(), new RecordingLogger());
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/state/entities/a";
        using var body = new MemoryStream();
        context.Response.Body = body;

        await middleware.InvokeAsync(context);
        await context.Response.BodyWriter.FlushAsync();

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        using var json = JsonDocument.Parse(body.ToArray());
        Assert.Equal("entity 'a' is reloading from the log; retry", json.RootElement.GetProperty("error").GetString());
    }
}
