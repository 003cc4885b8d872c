using System.Diagnostics;
using System.Text.Json;

namespace Flux.Benchmarks.Nats;

/// <summary>
/// Runs node/js_bench.mjs (npm nats 2.29.3) against the same server so both figures come from the
/// same run. Installs the locked package with <c>npm ci</c> on first use.
/// </summary>
internal static class NodeReference
{
    public sealed record Result(double MsgsPerSecond, double P50Micros, double P99Micros, double CpuMicrosPerMsg, long StreamMsgs);

    public static async Task<Result?> RunAsync(string url, int count, int size, int window, int syncCount)
    {
        var dir = FindScriptDir();
        if (dir is null) { Console.WriteLine("node reference: tests/Flux.Benchmarks/node not found (run from the repository)"); return null; }
        if (!await ToolExistsAsync("node")) { Console.WriteLine("node reference: node not on PATH, skipped"); return null; }
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
        {
            Console.WriteLine("node reference: npm ci ...");
            if (await RunAsync("npm", dir, "ci", "--no-audit", "--no-fund", "--silent") is not { exit: 0 }) return null;
        }
        var run = await RunAsync("node", dir, "js_bench.mjs", url, count.ToString(), size.ToString(), window.ToString(), syncCount.ToString());
        if (run is not { exit: 0 }) { Console.WriteLine($"node reference failed: {run?.stderr}"); return null; }
        var line = run.Value.stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        return new Result(r.GetProperty("msgs_per_s").GetDouble(), r.GetProperty("p50_us").GetDouble(), r.GetProperty("p99_us").GetDouble(),
            r.GetProperty("cpu_us_per_msg").GetDouble(), r.GetProperty("stream_msgs").GetInt64());
    }

    private static string? FindScriptDir()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "tests", "Flux.Benchmarks", "node");
                if (File.Exists(Path.Combine(candidate, "js_bench.mjs"))) return candidate;
            }
        }
        return null;
    }

    private static async Task<bool> ToolExistsAsync(string tool) => await RunAsync(tool, ".", "--version") is { exit: 0 };

    private static async Task<(int exit, string stdout, string stderr)?> RunAsync(string file, string dir, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (p.ExitCode, await stdout, await stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
