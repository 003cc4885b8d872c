using System.Security.Cryptography;

namespace Flux.Benchmarks.Http;

/// <summary>
/// <c>drain</c>: publishes to N distinct entities (default 100,000), all resident, then SIGTERM: how long the
/// drain takes and its exit code; then a restart on the same data directory, whose listing must be identical.
/// </summary>
internal static class DrainBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var entities = options.GetInt("--entities", 100_000);
        var data = Directory.CreateTempSubdirectory("flux-bench-drain-").FullName;
        try
        {
            byte[] before;
            double resident;
            (int ExitCode, TimeSpan Drain) stopped;
            await using (var flux = await ServerProcess.StartFluxAsync(dataDirectory: data))
            {
                using var http = new HttpClient { BaseAddress = new Uri(flux.Address), Timeout = TimeSpan.FromMinutes(2) };
                var failed = await MemoryBenchmark.PublishDistinctAsync(http, "drain/e-", 0, entities);
                if (failed > 0)
                    throw new InvalidOperationException($"{failed} publish requests failed");
                resident = (await MemoryBenchmark.MetricsAsync(http))["flux_grain_activations"];
                before = SHA256.HashData(await http.GetByteArrayAsync("/api/state/entities?prefix=drain/"));
                stopped = await flux.TerminateAsync();
            }

            await using var restarted = await ServerProcess.StartFluxAsync(dataDirectory: data);
            using var again = new HttpClient { BaseAddress = new Uri(restarted.Address), Timeout = TimeSpan.FromMinutes(2) };
            var after = SHA256.HashData(await again.GetByteArrayAsync("/api/state/entities?prefix=drain/"));

            HttpBenchmark.Print("drain-resident-activations", resident, "grains");
            HttpBenchmark.Print("drain-time", stopped.Drain.TotalSeconds, "s");
            HttpBenchmark.Print("drain-exit-code", stopped.ExitCode, "");
            HttpBenchmark.Print("drain-state-identical-after-restart", before.AsSpan().SequenceEqual(after) ? 1 : 0, "(1 = yes)");
            return stopped.ExitCode == 0 && before.AsSpan().SequenceEqual(after) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
