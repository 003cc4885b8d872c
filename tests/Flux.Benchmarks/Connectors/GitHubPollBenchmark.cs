using System.Diagnostics;
using System.Globalization;
using Flux.Benchmarks.Http;
using Flux.Connectors;
using Flux.Connectors.GitHub;
using Flux.Testing.GitHub;

namespace Flux.Benchmarks.Connectors;

/// <summary>
/// <c>github-poll</c>: what one GitHub poll costs the poller, against the fake GitHub of the tests on loopback with
/// N repositories and N assigned issues (10 pages of 100 each by default). A fresh poller's first poll (every page
/// fetched and mapped), then its second poll of the same data (all 304s); medians of R rounds, each with a fresh
/// poller, after a first round (printed as -cold: the JIT compiles the code as it runs). The limit beside
/// the first poll is the same pages fetched by a bare HttpClient, bytes read and nothing parsed.
/// </summary>
internal static class GitHubPollBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var count = options.GetInt("--items", 1_000);
        var rounds = options.GetInt("--rounds", 5);

        await using var github = await FakeGitHub.StartAsync();
        github.Edit(data =>
        {
            data.AddRepositories(count);
            data.AddIssues(count, pullRequestEvery: 4);
        });
        using var http = new HttpClient();
        var connector = new GitHubConnector(http, github.ApiUrl);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"github-poll: {count} repositories and {count} issues, {(count + 99) / 100} pages of 100 each, fake GitHub at {github.ApiUrl}"));

        var cold = await RoundAsync(connector, github.Token);
        github.ClearRequests();
        var measured = new List<(Timed First, Timed Second)>();
        for (var round = 0; round < rounds; round++)
            measured.Add(await RoundAsync(connector, github.Token));
        var warm = measured[^1];
        var pages = github.Requests.Take(warm.First.Poll.Requests).Select(r => new Uri(github.ApiUrl, r.PathAndQuery)).ToArray();
        var raw = new List<double>();
        for (var round = 0; round < rounds; round++)
            raw.Add(await FetchAsync(http, pages, github.Token));
        var expected = 2 * count;
        if (cold.First.Poll.Entities.Count != expected || warm.First.Poll.Entities.Count != expected)
        {
            Console.Error.WriteLine($"expected {expected} entities from a first poll, saw {cold.First.Poll.Entities.Count} and {warm.First.Poll.Entities.Count}");
            return 2;
        }

        if (measured.Any(m => m.First.Poll.Entities.Count != expected))
        {
            Console.Error.WriteLine($"expected {expected} entities from every first poll");
            return 2;
        }

        if (measured.Any(m => m.Second.Poll.Entities.Count != 0))
        {
            Console.Error.WriteLine($"expected no entities from an unchanged second poll, saw {warm.Second.Poll.Entities.Count}");
            return 2;
        }

        HttpBenchmark.Print("github-poll-first-cold", cold.First.Milliseconds, "ms");
        HttpBenchmark.Print("github-poll-first", Median.Of(measured.Select(m => m.First.Milliseconds)), "ms");
        HttpBenchmark.Print("github-poll-first-raw-fetch", Median.Of(raw), "ms");
        HttpBenchmark.Print("github-poll-first-entities", warm.First.Poll.Entities.Count, "entities");
        HttpBenchmark.Print("github-poll-first-requests", warm.First.Poll.Requests, "requests");
        HttpBenchmark.Print("github-poll-unchanged", Median.Of(measured.Select(m => m.Second.Milliseconds)), "ms");
        HttpBenchmark.Print("github-poll-unchanged-entities", warm.Second.Poll.Entities.Count, "entities");
        HttpBenchmark.Print("github-poll-unchanged-requests", warm.Second.Poll.Requests, "requests");
        HttpBenchmark.Print("github-poll-unchanged-304", warm.Second.Poll.NotModified, "responses");
        return 0;
    }

    private static async Task<(Timed First, Timed Second)> RoundAsync(GitHubConnector connector, string token)
    {
        var poller = connector.CreatePoller(token);
        var first = await TimedAsync(poller);
        var second = await TimedAsync(poller);
        return (first, second);
    }

    /// <summary>The limit beside the first poll: the same pages fetched one after another, their bytes read, nothing parsed.</summary>
    private static async Task<double> FetchAsync(HttpClient http, Uri[] pages, string token)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var page in pages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<Timed> TimedAsync(IConnectorPoller poller)
    {
        var start = Stopwatch.GetTimestamp();
        var poll = await poller.PollAsync(CancellationToken.None);
        return new Timed(poll, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private sealed record Timed(ConnectorPoll Poll, double Milliseconds);
}
