using System.Text.Json;
using Flux.Gateway.Http;
using Flux.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flux.Gateway.Tests.Http;

public sealed class StartupGateTests
{
    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }

    private static async Task<(int Status, string? Error, bool Passed)> SendAsync(Readiness readiness, string path)
    {
        var passed = false;
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(readiness).BuildServiceProvider(),
        };
        context.Request.Path = path;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await StartupGate.InvokeAsync(context, _ =>
        {
            passed = true;
            return Task.CompletedTask;
        });
        if (passed)
            return (context.Response.StatusCode, null, true);
        Assert.Equal(Unavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        using var json = JsonDocument.Parse(body.ToArray());
        return (context.Response.StatusCode, json.RootElement.GetProperty("error").GetString(), false);
    }

    [Theory]
    [InlineData("/api/ws")]
    [InlineData("/api/hub")]
    [InlineData("/api/hub/negotiate")]
    public async Task once_the_server_is_shutting_down_a_live_connection_is_refused_with_503_so_its_client_retries_a_server_that_stays(string path)
    {
        using var lifetime = new Lifetime();
        var readiness = new Readiness(new Dependencies(), lifetime);
        readiness.MarkReady();
        Assert.True((await SendAsync(readiness, path)).Passed);

        lifetime.StopApplication();

        Assert.Equal((503, Readiness.ShuttingDown, false), await SendAsync(readiness, path));
    }

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/state/entities")]
    [InlineData("/readyz")]
    public async Task a_server_shutting_down_still_serves_requests_that_are_not_live_connections(string path)
    {
        using var lifetime = new Lifetime();
        var readiness = new Readiness(new Dependencies(), lifetime);
        readiness.MarkReady();
        lifetime.StopApplication();

        Assert.True((await SendAsync(readiness, path)).Passed);
    }

    [Fact]
    public void a_server_shutting_down_is_not_ready_and_says_why()
    {
        using var lifetime = new Lifetime();
        var readiness = new Readiness(new Dependencies(), lifetime);
        readiness.MarkReady();
        Assert.True(readiness.IsReady);

        lifetime.StopApplication();

        Assert.False(readiness.IsReady);
        Assert.Equal(Readiness.ShuttingDown, readiness.Reason);
    }

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/ws")]
    [InlineData("/api/hub")]
    public async Task before_start_up_is_done_every_api_request_gets_503_naming_what_the_process_waits_for(string path)
    {
        using var lifetime = new Lifetime();
        var dependencies = new Dependencies();
        dependencies.Expect(Dependencies.Nats, "connecting");
        var readiness = new Readiness(dependencies, lifetime);

        var (status, error, passed) = await SendAsync(readiness, path);

        Assert.False(passed);
        Assert.Equal(503, status);
        Assert.StartsWith("recovering: waiting for NATS since", error, StringComparison.Ordinal);
        Assert.True((await SendAsync(readiness, "/healthz")).Passed);
    }
}
