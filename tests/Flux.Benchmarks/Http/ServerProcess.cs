using System.Diagnostics;
using System.Net.Sockets;

namespace Flux.Benchmarks.Http;

/// <summary>
/// A server under test as a child process on a free loopback port: a Flux silo (Release build) with a
/// throwaway data directory, or the raw Kestrel limit. Each gets cores of its own to contend for, as the
/// load generators do, rather than sharing this process's thread pool with them.
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

    public static Task<ServerProcess> StartFluxAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Flux.Silo", "bin", "Release", "net10.0", "Flux.Silo.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: run 'dotnet build -c Release src/Flux.Silo' first");
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("flux-bench-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]);
        start.Environment["FLUX_DATA_DIR"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return StartAsync("flux", start, port, data);
    }

    /// <summary>This benchmark program's <c>raw-kestrel</c> command; <paramref name="durable"/> gives it a throwaway directory to fsync to.</summary>
    public static Task<ServerProcess> StartRawKestrelAsync(bool durable = false)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [typeof(RawKestrel).Assembly.Location, "raw-kestrel", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var data = durable ? Directory.CreateTempSubdirectory("flux-bench-raw-").FullName : null;
        if (data is not null)
        {
            start.ArgumentList.Add("--durable");
            start.ArgumentList.Add(data);
        }
        return StartAsync("raw-kestrel", start, port, data);
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

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
