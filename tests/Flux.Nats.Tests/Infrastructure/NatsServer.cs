using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flux.Nats.Tests.Infrastructure;

/// <summary>
/// A real nats-server with JetStream on a free loopback port and a temp store. Restart keeps the
/// port and the store, which is what the fault tests need.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private Process? _process;

    private NatsServer(string[] extraArgs)
    {
        _extraArgs = extraArgs;
        StoreDir = Directory.CreateTempSubdirectory("flux-nats-").FullName;
        Port = FreePort();
    }

    public int Port { get; }
    public string StoreDir { get; }
    public string Url => $"nats://127.0.0.1:{Port}";

    public static async Task<NatsServer> StartAsync(params string[] extraArgs)
    {
        var server = new NatsServer(extraArgs);
        await server.StartProcessAsync();
        return server;
    }

    public NatsOpts Opts() => new() { Url = Url, Name = "flux-tests" };

    public async Task StartProcessAsync()
    {
        var psi = new ProcessStartInfo("nats-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-js", "-sd", StoreDir, "-a", "127.0.0.1", "-p", Port.ToString() }.Concat(_extraArgs)) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("nats-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync();
    }

    /// <summary>JetStream answers once the server is up; until then requests see no responders.</summary>
    private async Task WaitReadyAsync()
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process!.HasExited) throw new InvalidOperationException($"nats-server exited with {_process.ExitCode}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                using var reader = new StreamReader(client.GetStream());
                var info = await reader.ReadLineAsync();
                if (info is not null && info.StartsWith("INFO", StringComparison.Ordinal) && await JetStreamReadyAsync()) return;
            }
            catch (SocketException) { }
            catch (IOException) { }
            await Task.Delay(10);
        }
        throw new TimeoutException("nats-server did not become ready");
    }

    private async Task<bool> JetStreamReadyAsync()
    {
        if (_extraArgs.Length > 0) return true; // auth-only servers: tests do not use JetStream on them
        await using var nats = new NatsConnection(Opts() with { ConnectTimeout = TimeSpan.FromSeconds(1) });
        try
        {
            await nats.ConnectAsync();
            await nats.RequestAsync("$JS.API.INFO", timeout: TimeSpan.FromSeconds(1));
            return true;
        }
        catch (NatsException)
        {
            return false;
        }
    }

    public void Kill()
    {
        if (_process is null) return;
        try { _process.Kill(); } catch (InvalidOperationException) { }
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): sockets stay open but nothing is answered.</summary>
    public void Freeze() => Signal("-STOP");

    public void Thaw() => Signal("-CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process!.Id.ToString()]);
        kill.WaitForExit();
    }

    public async Task RestartAsync()
    {
        Kill();
        await StartProcessAsync();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try { Directory.Delete(StoreDir, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
