using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Flux.Functional.Tests.Cli;

/// <summary>
/// Runs the agent skill's CLI (skills/flux/scripts/flux.sh, copied next to the tests) or a shell
/// line from its SKILL.md as a child process in the skill folder, with FLUX_URL pointing at a
/// server and no inherited tokens.
/// </summary>
public static class SkillCli
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static string SkillDirectory => Path.Combine(AppContext.BaseDirectory, "skills", "flux");

    public static string Script => Path.Combine(SkillDirectory, "scripts", "flux.sh");

    public static Task<CliRun> RunAsync(Uri server, params string[] args) => RunWithAsync(server, null, null, args);

    public static async Task<CliRun> RunWithAsync(Uri server, IReadOnlyDictionary<string, string>? env, string? stdin, params string[] args)
    {
        await using var process = Start(server, env, stdin, ["bash", Script, .. args]);
        return await process.WaitForExitAsync(RunTimeout);
    }

    /// <summary>One line (or several joined ones) of shell, as an agent would paste it.</summary>
    public static async Task<CliRun> RunShellAsync(Uri server, string commandLine)
    {
        await using var process = Start(server, null, null, ["bash", "-o", "pipefail", "-c", commandLine]);
        return await process.WaitForExitAsync(RunTimeout);
    }

    public static CliProcess Start(Uri server, IReadOnlyDictionary<string, string>? env, string? stdin, IReadOnlyList<string> command)
    {
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = SkillDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
            info.ArgumentList.Add(arg);
        info.Environment.Remove("FLUX_TOKEN");
        info.Environment.Remove("FLUX_ADMIN_TOKEN");
        info.Environment["FLUX_URL"] = server.ToString().TrimEnd('/');
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return new CliProcess(info, stdin, string.Join(' ', command.Skip(1)));
    }
}

/// <summary>A running CLI process whose output lines are collected as they arrive.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly string _description;

    public CliProcess(ProcessStartInfo info, string? stdin, string description)
    {
        _description = description;
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var input = new StreamWriter(_process.StandardInput.BaseStream, new UTF8Encoding(false));
        if (stdin is not null)
            input.Write(stdin);
        input.Close();
    }

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_error)
                return [.. _error];
        }
    }

    /// <summary>Waits until a line on standard error satisfies <paramref name="accept"/>.</summary>
    public async Task WaitForErrorLineAsync(Func<string, bool> accept, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!ErrorLines.Any(accept))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"no matching stderr line from `{_description}` within {timeout}: {Snapshot(exitCode: null)}");
            await Task.Delay(20);
        }
    }

    public async Task<CliRun> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{_description}` did not exit within {timeout}: {Snapshot(exitCode: null)}");
        }
        return Snapshot(_process.ExitCode);
    }

    private CliRun Snapshot(int? exitCode)
    {
        lock (_output)
        lock (_error)
            return new CliRun(_description, exitCode ?? -1, string.Join('\n', _output).Trim(), string.Join('\n', _error).Trim());
    }

    private static void Append(List<string> lines, string? line)
    {
        if (line is null)
            return;
        lock (lines)
            lines.Add(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>What one CLI run printed, and helpers to read its JSON.</summary>
public sealed record CliRun(string Command, int ExitCode, string Output, string Error)
{
    public JsonElement Json
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Output);
                return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"standard output is not one JSON document ({e.Message}): {this}");
            }
        }
    }

    /// <summary>Standard output as JSON lines (the shape `watch` prints): every line one JSON object.</summary>
    public IReadOnlyList<JsonElement> JsonLines =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    throw new InvalidOperationException($"line is not a JSON object: {line}; {this}");
                return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"line is not JSON ({e.Message}): {line}; {this}");
            }
        }).ToList();

    public override string ToString() => $"`{Command}` exited {ExitCode}; stdout: {Output}; stderr: {Error}";
}
