using System.Diagnostics;

namespace Flux.Testing;

/// <summary>
/// One Flux server as a child process (`dotnet Flux.Silo.dll`) on a free loopback port with its
/// own data directory. It can be stopped gracefully (SIGTERM), crashed (SIGKILL) and started
/// again on the same data directory, which is how the durability tests observe what survives.
/// Inherited FLUX_* variables are removed so every server sees exactly the settings a test gives.
/// </summary>
public sealed class FluxServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, string> _environment;
    private readonly bool _ownsDataDir;
    private readonly ListenVia _listen;
    private readonly IReadOnlyList<string> _wrapper;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _binary;
    private Process? _process;
    private bool _stopRequested;
    private HttpClient? _http;

    private FluxServer(string dataDir, bool ownsDataDir, IReadOnlyDictionary<string, string>? environment, ListenVia listen, IReadOnlyList<string>? wrapper,
        IReadOnlyList<string>? arguments, string binary)
    {
        _binary = binary;
        _arguments = arguments ?? [];
        DataDir = dataDir;
        _listen = listen;
        _wrapper = wrapper ?? [];
        _ownsDataDir = ownsDataDir;
        _environment = new Dictionary<string, string>
        {
            ["FLUX_METRICS_INTERVAL_SECONDS"] = "1",
            ["FLUX_DIRECTORY_REFRESH_SECONDS"] = "1",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            _environment[key] = value;
    }

    public string DataDir { get; }

    /// <summary>Sets an environment variable for the next launch (a restart with other settings on the same data).</summary>
    public void SetEnvironment(string name, string value) => _environment[name] = value;

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public ServerOutput Output { get; private set; } = new();

    public int? ProcessId => _process?.Id;

    /// <summary>A cluster silo's Orleans port, by which the membership table names it.</summary>
    public int? SiloPort { get; private set; }

    public HttpClient Http => _http ?? throw new InvalidOperationException("server is not running");

    /// <summary>
    /// Starts a server on a fresh data directory and waits until /readyz answers 200. A <paramref name="wrapper"/>
    /// is a command the server runs under (`wrapper… dotnet Flux.Silo.dll …`); it must become the server
    /// itself, as `strace -D` does, so that stopping and crashing still reach the server. <paramref name="arguments"/>
    /// follow the server's own on its command line. <paramref name="binary"/> names the process: a silo (the
    /// embedded server unless the environment selects the cluster), or the cluster's standalone gateway.
    /// </summary>
    public static async Task<FluxServer> StartAsync(IReadOnlyDictionary<string, string>? environment = null, ListenVia listen = ListenVia.Both,
        IReadOnlyList<string>? wrapper = null, IReadOnlyList<string>? arguments = null, string binary = ServerBinary.Silo)
    {
        var dir = Directory.CreateTempSubdirectory("flux-functional-").FullName;
        var server = new FluxServer(dir, ownsDataDir: true, environment, listen, wrapper, arguments, binary);
        try
        {
            await server.LaunchAsync(waitUntilReady: true);
            return server;
        }
        catch
        {
            // A process that never became ready is not handed to anyone who would stop it: end it here.
            await server.AbandonAsync();
            throw;
        }
    }

    /// <summary>
    /// A server on a fresh data directory that is not started yet: <see cref="LaunchAsync"/> starts it, for a test that
    /// watches it before it is ready. The caller disposes it.
    /// </summary>
    public static FluxServer Create(IReadOnlyDictionary<string, string>? environment = null, string binary = ServerBinary.Silo) =>
        new(Directory.CreateTempSubdirectory("flux-functional-").FullName, ownsDataDir: true, environment, ListenVia.Both, null, null, binary);

    /// <summary>Starts the process without waiting for readiness (the caller polls itself).</summary>
    /// <param name="samePort">Listen where the last run listened, as a restarted server does for clients that reconnect.</param>
    public async Task LaunchAsync(bool waitUntilReady, bool samePort = false)
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("server is already running");

        _stopRequested = false;
        if (!samePort || Port == 0)
            Port = FreePort.Next();
        Output = new ServerOutput();
        var dll = ServerBinary.Locate(_binary);
        string[] command = [.. _wrapper, "dotnet", dll];
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
            info.ArgumentList.Add(argument);
        if (_listen != ListenVia.PortVariable)
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{Port}");
        }
        foreach (var argument in _arguments)
            info.ArgumentList.Add(argument);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("FLUX_", StringComparison.Ordinal) || k is "PORT" or "ASPNETCORE_URLS" or "URLS").ToList())
            info.Environment.Remove(key);
        if (_listen != ListenVia.UrlsArgument)
            info.Environment["PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FLUX_DATA_DIR"] = DataDir;
        foreach (var (key, value) in _environment)
            info.Environment[key] = value;
        if (_binary == ServerBinary.Silo && _environment.ContainsKey("FLUX_NATS_URL"))
        {
            // A cluster silo's Orleans ports come from the same allocator as the HTTP port (see FreePort).
            info.Environment.TryAdd("FLUX_SILO_PORT", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.Environment.TryAdd("FLUX_SILO_GATEWAY_PORT", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            SiloPort = int.Parse(info.Environment["FLUX_SILO_PORT"]!, System.Globalization.CultureInfo.InvariantCulture);
        }

        var output = Output;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => output.Append("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        _http?.Dispose();
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        if (waitUntilReady)
            await WaitUntilReadyAsync();
    }

    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"Flux server exited with code {_process.ExitCode} before it was ready.\n{Output}");
            try
            {
                using var response = await probe.GetAsync("readyz");
                if ((int)response.StatusCode == 200)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Flux server on port {Port} was not ready within {StartTimeout}.\n{Output}");
    }

    /// <summary>Sends SIGTERM and waits for the process to drain and exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("server was never started");
        ThrowIfDied();
        _stopRequested = true;
        if (!process.HasExited)
        {
            await SignalAsync("-TERM");
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Flux server did not exit within {StopTimeout} after SIGTERM.\n{Output}");
            }
        }
        return process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to flush or drain.</summary>
    public async Task CrashAsync()
    {
        var process = _process ?? throw new InvalidOperationException("server was never started");
        ThrowIfDied();
        _stopRequested = true;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process keeps its sockets open but runs nothing, like a paused VM or a stalled node.</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>
    /// SIGCONT after <see cref="FreezeAsync"/>. A silo the cluster declared dead meanwhile stops itself, so from here
    /// the process may exit by itself without that being a crash; <see cref="WaitForExitAsync"/> waits for it.
    /// </summary>
    public Task ThawAsync()
    {
        _stopRequested = true;
        return SignalAsync("-CONT");
    }

    /// <summary>The exit code once the process has exited, or null if it still runs after <paramref name="within"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan within)
    {
        var process = _process ?? throw new InvalidOperationException("server was never started");
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("server was never started");
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private async Task AbandonAsync()
    {
        _stopRequested = true;
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        await DisposeAsync();
    }

    /// <summary>Graceful stop, asserting a clean exit, then a new process on the same data directory.</summary>
    public async Task RestartAsync(bool samePort = false)
    {
        var code = await StopAsync();
        if (code != 0)
            throw new InvalidOperationException($"Flux server exited with code {code} after SIGTERM (expected 0).\n{Output}");
        await LaunchAsync(waitUntilReady: true, samePort);
    }

    /// <summary>Fails loudly when the process ended without being asked to: a crash is a finding, not noise.</summary>
    public void ThrowIfDied()
    {
        if (_process is { HasExited: true } process && !_stopRequested)
            throw new InvalidOperationException($"Flux server died unexpectedly with exit code {process.ExitCode}.\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        var died = _process is { HasExited: true } && !_stopRequested;
        var exitCode = died ? _process!.ExitCode : 0;
        if (_process is { HasExited: false })
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
            }
        }
        _process?.Dispose();
        _http?.Dispose();
        if (_ownsDataDir)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        if (died)
            throw new InvalidOperationException($"Flux server died unexpectedly during the tests with exit code {exitCode}.\n{Output}");
    }

    public string State => _process is null ? "not started" : _process.HasExited ? $"exited with code {_process.ExitCode}" : "running";

    public override string ToString() => $"Flux server on port {Port} (data {DataDir}), {State}";
}
