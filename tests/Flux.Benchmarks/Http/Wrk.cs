using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Flux.Benchmarks.Http;

/// <summary>Runs the wrk load generator (Debian package) with a Lua script and reads its summary.</summary>
internal static partial class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx);

    public static async Task<Result> RunAsync(string baseAddress, HttpLoad load, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"flux-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, load.Script);
        try
        {
            var start = new ProcessStartInfo("wrk", ["-t2", $"-c{load.Connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, baseAddress])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
            var output = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            if (wrk.ExitCode != 0)
                throw new InvalidOperationException($"wrk failed: {await wrk.StandardError.ReadToEndAsync()}");
            return new Result(
                Number(RequestsPerSecond().Match(output)),
                Millis(Percentile50().Match(output)),
                Millis(Percentile99().Match(output)),
                NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static double Number(Match match) =>
        match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("wrk printed no rate");

    private static double Millis(Match match)
    {
        if (!match.Success)
            return double.NaN;
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"\s50%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex Percentile50();

    [GeneratedRegex(@"\s99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
