using System.Globalization;
using Flux.Benchmarks.Http;

namespace Flux.Benchmarks.Compare;

/// <summary>
/// <c>compare</c>: a candidate build of Flux against a baseline build in one run. Each round starts a fresh
/// server of each build (its own port and data directory), one after the other, baseline first in odd rounds
/// and candidate first in even ones, and measures the hot paths on it (<see cref="FluxHotPaths"/>). The
/// machines are noisy and drift over minutes, so what counts is each round's candidate/baseline ratio, taken
/// a minute apart; the median of those is printed beside the target a change must meet.
/// </summary>
internal static class CompareBenchmark
{
    private static readonly Figure[] Figures =
    [
        new("post-single", run => run.PublishSingle.Run.RequestsPerSecond, "req/s", new Target(0.85, AtMost: false)),
        new("post-batch", run => run.PublishBatch.Run.RequestsPerSecond, "req/s", new Target(0.7, AtMost: false),
            HttpLoad.PublishBatch.EventsPerRequest),
        new("get-entity", run => run.GetEntity.Run.RequestsPerSecond, "req/s", new Target(0.7, AtMost: false)),
        new("live-p99", run => run.Live.P99Ms, "ms", new Target(1.2, AtMost: true)),
    ];

    /// <summary>Batch ingest the candidate must reach on its own, whatever the baseline does.</summary>
    private static readonly Target BatchIngest = new(60_000, AtMost: false);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var baseline = new Build("baseline", FluxDll(options.Get("--baseline", ""))
            ?? throw new ArgumentException("compare needs --baseline DIR, a folder holding a built Flux.Silo.dll"));
        var candidate = new Build("candidate", FluxDll(options.Get("--candidate", "")) ?? ServerProcess.RepositoryFluxBuild);
        var rounds = options.GetInt("--rounds", 3);
        if (rounds < 1)
            throw new ArgumentException("--rounds must be at least 1");
        var seconds = TimeSpan.FromSeconds(options.GetInt("--seconds", 10));
        var warmup = options.Warmup();
        foreach (var build in new[] { baseline, candidate })
        {
            if (!File.Exists(build.Dll))
                throw new ArgumentException($"{build.Dll} is missing: build Flux.Silo into that folder first");
            Console.Error.WriteLine($"{build.Name}: {build.Dll}");
        }

        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in round % 2 == 1 ? new[] { baseline, candidate } : [candidate, baseline])
            {
                await using var flux = await ServerProcess.StartFluxAsync(build.Dll);
                var run = await FluxHotPaths.MeasureAsync(flux, seconds, warmup, seconds, warmup);
                if (run.Live.DeliveredFraction < 0.99)
                    Console.Error.WriteLine($"warning: {build.Name} delivered {run.Live.DeliveredFraction:P1} of live updates in round {round}");
                build.Runs.Add(run);
                foreach (var figure in Figures)
                    HttpBenchmark.Print($"{figure.Name} {build.Name} round-{round}", figure.Value(run), figure.Unit);
            }
        }

        var missed = new List<string>();
        foreach (var figure in Figures)
        {
            foreach (var build in new[] { baseline, candidate })
            {
                var median = Median.Of(build.Runs.Select(figure.Value));
                HttpBenchmark.Print($"{figure.Name} {build.Name}", median, figure.Unit);
                if (figure.EventsPerRequest > 1)
                    HttpBenchmark.Print($"{figure.Name} {build.Name}", median * figure.EventsPerRequest, "events/s");
            }
            var ratio = Median.Of(baseline.Runs.Zip(candidate.Runs, (b, c) => figure.Value(c) / figure.Value(b)));
            HttpBenchmark.Print($"{figure.Name} ratio", ratio, $"x (target {figure.Target})");
            if (!figure.Target.IsMetBy(ratio))
                missed.Add(figure.Name);
        }

        var batchIngest = Median.Of(candidate.Runs.Select(run => run.PublishBatch.ItemsPerSecond));
        HttpBenchmark.Print("batch-ingest candidate", batchIngest, $"events/s (target {BatchIngest})");
        if (!BatchIngest.IsMetBy(batchIngest))
            missed.Add("batch-ingest");

        var targets = Figures.Length + 1;
        Console.WriteLine($"targets met: {targets - missed.Count} of {targets}" + (missed.Count > 0 ? $" (missed: {string.Join(", ", missed)})" : ""));
        return 0;
    }

    /// <summary>The Flux.Silo.dll in <paramref name="directory"/>, or null when none was given.</summary>
    private static string? FluxDll(string directory) =>
        directory.Length == 0 ? null : Path.Combine(Path.GetFullPath(directory), "Flux.Silo.dll");

    private sealed record Build(string Name, string Dll)
    {
        public List<FluxHotPaths> Runs { get; } = [];
    }

    /// <summary>A figure compared between the builds; <paramref name="EventsPerRequest"/> above 1 also prints it in events/s.</summary>
    private sealed record Figure(string Name, Func<FluxHotPaths, double> Value, string Unit, Target Target, int EventsPerRequest = 1);

    private sealed record Target(double Limit, bool AtMost)
    {
        public bool IsMetBy(double value) => AtMost ? value <= Limit : value >= Limit;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(AtMost ? "<=" : ">=")} {Limit}");
    }
}
