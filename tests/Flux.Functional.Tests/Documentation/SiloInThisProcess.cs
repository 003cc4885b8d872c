using System.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flux.Functional.Tests.Documentation;

/// <summary>
/// The embedded server started through Flux.Silo's own entry point inside the test process, so that a test can
/// ask both sides: over HTTP like any client, and the host for the endpoints it really maps. The host is caught
/// the way ASP.NET Core's test factory catches it, from the hosting library's "HostBuilt" diagnostic event.
/// </summary>
public sealed class SiloInThisProcess : IAsyncLifetime, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource<IHost> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("flux-openapi-").FullName;
    private readonly List<IDisposable> _subscriptions = [];
    private Task<int>? _run;
    private IHost? _host;

    public HttpClient Http { get; private set; } = null!;

    public IReadOnlyList<RouteEndpoint> Endpoints =>
        _host!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();

    public async Task InitializeAsync()
    {
        lock (_subscriptions)
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        var port = FreePort.Next();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var main = typeof(Flux.Silo.Hosting.SiloStartup).Assembly.EntryPoint!;
        // As FluxServer does, the server sees none of the FLUX_* variables the tests run with: an empty value on the
        // command line, which wins over the environment, unsets each.
        var inherited = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("FLUX_", StringComparison.Ordinal));
        string[] args = [.. inherited.Select(k => $"--{k}="), "--urls", $"http://127.0.0.1:{port}", $"--FLUX_DATA_DIR={_dataDir}"];
        _run = Task.Run(() => (int)main.Invoke(null, [args])!);

        _host = await _built.Task.WaitAsync(StartTimeout);
        await Eventually.HoldsAsync(async () => _run.IsCompleted ? throw new InvalidOperationException($"the server exited with {await _run}") : await ReadyAsync(),
            ready => ready, StartTimeout, "/readyz answering 200");
    }

    public async Task DisposeAsync()
    {
        _host?.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        if (_run is not null)
            await _run;
        lock (_subscriptions)
            foreach (var subscription in _subscriptions)
                subscription.Dispose();
        Http.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            return (await Http.GetAsync("readyz")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.Extensions.Hosting")
            lock (_subscriptions)
                _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> hostEvent)
    {
        if (hostEvent is { Key: "HostBuilt", Value: IHost host })
            _built.TrySetResult(host);
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
