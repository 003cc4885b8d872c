using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Flux.Benchmarks.Http;

/// <summary>
/// A server under test as a child process on a free loopback port: a Flux silo (a Release build) with a
/// throwaway data directory, or one of this program's server commands (the raw Kestrel limit, the grain
/// host). Each gets cores of its own to contend for, as the load generators do, rather than sharing this
/// process's thread pool with them.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _dataDirectory;

    private ServerProcess(Process process, string? dataDirectory, string address)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    public string Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>This checkout's Release build of the Flux silo, which the benchmarks start unless given another.</summary>
    public static string RepositoryFluxBuild => Path.Combine(RepositoryRoot(), "src", "Flux.Silo", "bin", "Release", "net10.0", "Flux.Silo.dll");

    /// <param name="serverDll">A build's Flux.Silo.dll; <see cref="RepositoryFluxBuild"/> when null.</param>
    /// <param name="dataDirectory">An existing data directory to serve, kept afterwards; a throwaway one when null.</param>
    public static Task<ServerProcess> StartFluxAsync(string? serverDll = null, IReadOnlyDictionary<string, string>? environment = null,
        string? dataDirectory = null)
    {
        var dll = serverDll ?? RepositoryFluxBuild;
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: run 'dotnet build -c Release src/Flux.Silo' first");
        var port = Flux.Testing.FreePort.Next();
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("flux-bench-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]);
        start.Environment["FLUX_DATA_DIR"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return StartAsync("flux", start, port, dataDirectory is null ? data : null);
    }

    /// <summary>This benchmark program's <c>raw-kestrel</c> command; <paramref name="durable"/> gives it a throwaway directory to fsync to.</summary>
    public static Task<ServerProcess> StartRawKestrelAsync(bool durable = false)
    {
        var data = durable ? Directory.CreateTempSubdirectory("flux-bench-raw-").FullName : null;
        return StartCommandAsync("raw-kestrel", data is null ? [] : ["--durable", data], data);
    }

    /// <summary>
    /// A server command of this benchmark program (<c>raw-kestrel</c>, <c>grain-host</c>) on a free port:
    /// <c>COMMAND --port N ARGS</c>.
    /// </summary>
    public static Task<ServerProcess> StartCommandAsync(string command, IEnumerable<string> arguments, string? dataDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = Flux.Testing.FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [typeof(ServerProcess).Assembly.Location, command, "--port", port.ToString(CultureInfo.InvariantCulture), .. arguments]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return StartAsync(command, start, port, dataDirectory);
    }

    private static async Task<ServerProcess> StartAsync(string name, ProcessStartInfo start, int port, string? dataDirectory)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"{name}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, dataDirectory, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try
            {
                if ((await http.GetAsync($"{server.Address}/readyz")).IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException)
            {
            }
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"{name} did not become ready in 30 s");
    }

    /// <summary>Resident set size of the server process, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    /// <summary>Sends SIGTERM and waits for the process to exit: its exit code, and how long the drain took.</summary>
    public async Task<(int ExitCode, TimeSpan Drain)> TerminateAsync()
    {
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync();
        return (_process.ExitCode, watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_dataDirectory is not null)
            Directory.Delete(_dataDirectory, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
