using Flux.Benchmarks.Http;

namespace Flux.Benchmarks.GrainFloor;

/// <summary>
/// <c>grain-floor</c>: what an empty Orleans grain call adds to a request, the least any grain-backed endpoint
/// pays. One server (<see cref="GrainHost"/>, a process of its own like Flux) answers the same event POST
/// without a grain (<c>/raw</c>, the raw Kestrel limit) and with one empty call (<c>/grain</c>); wrk loads
/// them in turn, alternating which goes first per round. The cost is the difference in the server's CPU time
/// per request, which shared cores disturb far less than the rates.
/// </summary>
internal static class GrainFloorBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var seconds = TimeSpan.FromSeconds(options.GetInt("--seconds", 10));
        var warmup = options.Warmup();
        var rounds = options.GetInt("--rounds", 5);
        if (rounds < 1)
            throw new ArgumentException("--rounds must be at least 1");
        var raw = HttpLoad.PublishTo("/raw");
        var grain = HttpLoad.PublishTo("/grain");

        // Flux.Silo's thread-pool setting (see its csproj): idle workers spinning after each of a grain call's
        // thread hops would be counted as the call's CPU time, which Flux does not pay.
        await using var host = await ServerProcess.StartCommandAsync("grain-host", [],
            environment: new Dictionary<string, string> { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" });
        // The first 1,000 calls also activate the grains; the warm-up pays for that and for the JIT.
        await Wrk.RunAsync(host.Address, grain, warmup);
        await Wrk.RunAsync(host.Address, raw, warmup);
        var rawRuns = new List<Measurement>();
        var grainRuns = new List<Measurement>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (load, runs) in round % 2 == 1 ? new[] { (raw, rawRuns), (grain, grainRuns) } : [(grain, grainRuns), (raw, rawRuns)])
                runs.Add(await Measurement.TakeAsync(host, load, seconds));
            HttpBenchmark.Print($"grain-floor raw round-{round}", rawRuns[^1].ItemsPerSecond, "req/s");
            HttpBenchmark.Print($"grain-floor grain round-{round}", grainRuns[^1].ItemsPerSecond, "req/s");
            HttpBenchmark.Print($"grain-floor cost round-{round}", grainRuns[^1].ServerCpuUsPerItem - rawRuns[^1].ServerCpuUsPerItem, "us/call");
        }

        var rawRate = Median.Of(rawRuns.Select(run => run.ItemsPerSecond));
        var grainRate = Median.Of(grainRuns.Select(run => run.ItemsPerSecond));
        HttpBenchmark.Print("grain-floor raw", rawRate, "req/s");
        HttpBenchmark.Print("grain-floor grain", grainRate, "req/s");
        HttpBenchmark.Print("grain-floor grain-vs-raw", grainRate / rawRate, "ratio");
        HttpBenchmark.Print("grain-floor raw-server-cpu", Median.Of(rawRuns.Select(run => run.ServerCpuUsPerItem)), "us/req");
        HttpBenchmark.Print("grain-floor grain-server-cpu", Median.Of(grainRuns.Select(run => run.ServerCpuUsPerItem)), "us/req");
        HttpBenchmark.Print("grain-floor cost",
            Median.Of(rawRuns.Zip(grainRuns, (r, g) => g.ServerCpuUsPerItem - r.ServerCpuUsPerItem)), "us/call");
        return 0;
    }
}
