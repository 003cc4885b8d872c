using System.Diagnostics;
using System.Net.Sockets;

namespace Flux.Benchmarks.Http;

/// <summary>A Flux silo (Release build) as a child process on a free loopback port, with a throwaway data directory.</summary>
internal sealed class FluxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private FluxProcess(Process process, string dataDirectory, string address)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    public string Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<FluxProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Flux.Silo", "bin", "Release", "net10.0", "Flux.Silo.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: run 'dotnet build -c Release src/Flux.Silo' first");
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("flux-bench-").FullName;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FLUX_DATA_DIR"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"flux: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var flux = new FluxProcess(process, data, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try
            {
                if ((await http.GetAsync($"{flux.Address}/readyz")).IsSuccessStatusCode)
                    return flux;
            }
            catch (HttpRequestException)
            {
            }
        }
        await flux.DisposeAsync();
        throw new InvalidOperationException("Flux did not become ready in 30 s");
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
