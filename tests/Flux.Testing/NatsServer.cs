using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Flux.Testing;

/// <summary>
/// A real nats-server with JetStream on free loopback ports (client and monitoring) and a fresh store
/// directory. <see cref="StopAsync"/> then <see cref="StartAsync"/> restarts it on the same ports and
/// store, so a test can prove what survives a restart. Dispose kills it and deletes the store.
/// </summary>
/// <remarks>
/// Needs nats-server 2.10 or newer: 2.9 silently ignores a consumer's filter_subjects (it delivers
/// every subject) and does not know sync_interval. The binary is <c>FLUX_NATS_SERVER</c> when
/// set, else <c>nats-server</c> on PATH; scripts/test installs 2.10 into .tools/ and sets the variable.
/// </remarks>
public sealed partial class NatsServer : IAsyncDisposable
{
    public const string BinaryVariable = "FLUX_NATS_SERVER";
    private const int KeptLogLines = 40;
    private static readonly Version MinimumVersion = new(2, 10);
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(15);

    private readonly string _binary;
    private readonly int _port;
    private readonly int _monitoringPort;
    private readonly string _maxPayload;
    private readonly ConcurrentQueue<string> _log = new();
    private bool _versionChecked;
    private Process? _process;

    /// <param name="syncInterval">
    /// JetStream's <c>sync_interval</c>: how often the store is fsynced; <c>"always"</c> fsyncs before
    /// every acknowledgement. An explicit 1 s by default, so tests do not depend on the server's 2 minutes.
    /// </param>
    /// <param name="binary">The nats-server to run; by default <c>FLUX_NATS_SERVER</c>, else PATH.</param>
    /// <param name="maxPayload">The largest message the server takes: what Flux's cluster needs unless a test says otherwise.</param>
    public NatsServer(string syncInterval = "1s", string? binary = null, string maxPayload = "16MB")
    {
        SyncInterval = syncInterval;
        _maxPayload = maxPayload;
        _binary = binary ?? (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } configured ? configured : "nats-server");
        (_port, _monitoringPort) = (FreePort.Next(), FreePort.Next());
        StoreDirectory = Path.Combine(Path.GetTempPath(), "flux-nats-" + Guid.NewGuid().ToString("N"));
    }

    public string SyncInterval { get; }
    public string StoreDirectory { get; }
    public string Url => $"nats://127.0.0.1:{_port}";
    public string MonitoringUrl => $"http://127.0.0.1:{_monitoringPort}";

    /// <summary>Starts the server and returns once JetStream reports healthy.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not null) throw new InvalidOperationException("nats-server is already running");
        if (!_versionChecked)
        {
            await EnsureSupportedVersionAsync(cancellationToken);
            _versionChecked = true;
        }

        var configPath = WriteConfig();
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(configPath);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{_binary} did not start");
        _process.OutputDataReceived += (_, e) => KeepLogLine(e.Data);
        _process.ErrorDataReceived += (_, e) => KeepLogLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilHealthyAsync(_process, cancellationToken);
    }

    /// <summary>Stops the server abruptly (SIGKILL, like a crash); the ports and the store are kept.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the server keeps its connections open but answers nothing, like a hung process.</summary>
    public async Task FreezeAsync()
    {
        var process = _process ?? throw new InvalidOperationException("nats-server is not running");
        using var kill = Process.Start("kill", ["-STOP", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(StoreDirectory)) Directory.Delete(StoreDirectory, recursive: true);
    }

    private string WriteConfig()
    {
        Directory.CreateDirectory(StoreDirectory);
        var configPath = Path.Combine(StoreDirectory, "nats.conf");
        File.WriteAllText(configPath, $$"""
            listen: "127.0.0.1:{{_port}}"
            http: "127.0.0.1:{{_monitoringPort}}"
            # What Flux's cluster needs (docs/api.md §13): one request's events for one entity are one message,
            # and a batch may be 10 MiB.
            max_payload: {{_maxPayload}}
            jetstream {
              store_dir: "{{Path.Combine(StoreDirectory, "jetstream")}}"
              sync_interval: "{{SyncInterval}}"
              # Every stream reserves its max_bytes (10 GB by default); the shared server holds many.
              max_file_store: 100T
            }
            """);
        return configPath;
    }

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        // The health endpoint answers 200 only once JetStream has recovered its store and accepts requests.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var healthz = $"{MonitoringUrl}/healthz?js-enabled-only=true";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyDeadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{_binary} exited with code {process.ExitCode} before it was healthy:\n{RecentLog()}");
            try
            {
                using var response = await http.GetAsync(healthz, cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One probe timed out; the deadline decides.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        throw new TimeoutException($"{_binary} was not healthy at {healthz} within {ReadyDeadline.TotalSeconds:0} s:\n{RecentLog()}");
    }

    private async Task EnsureSupportedVersionAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_binary, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        string output;
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            output = (await stdout) + (await stderr);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"nats-server not found ('{_binary}': {e.Message}). Install nats-server 2.10 or newer and put it on PATH or " +
                $"set {BinaryVariable} to it; scripts/test installs Debian 13's nats-server 2.10 into .tools/.", e);
        }

        var match = VersionPattern().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"'{_binary} --version' printed no version: {output.Trim()}");
        var version = new Version(
            int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture));
        if (version < MinimumVersion)
            throw new InvalidOperationException(
                $"'{_binary}' is nats-server {match.Value}; Flux needs {MinimumVersion} or newer (2.9 silently ignores " +
                $"a consumer's filter_subjects and does not know sync_interval). Set {BinaryVariable} to a newer nats-server; " +
                "scripts/test installs Debian 13's nats-server 2.10 into .tools/.");
    }

    private void KeepLogLine(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > KeptLogLines) _log.TryDequeue(out _);
    }

    private string RecentLog() => string.Join('\n', _log);

    [GeneratedRegex(@"(?<major>\d+)\.(?<minor>\d+)(\.\d+)?")]
    private static partial Regex VersionPattern();
}
