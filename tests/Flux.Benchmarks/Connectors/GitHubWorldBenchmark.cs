using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Flux.Benchmarks.Http;
using Flux.Testing;
using Flux.Testing.GitHub;

namespace Flux.Benchmarks.Connectors;

/// <summary>
/// <c>github-world</c>: the GitHub connector end to end in the embedded profile. A Flux process polls the fake GitHub
/// holding N repositories and N assigned issues; from the moment a token is stored until every one of them is an
/// entity, and the events that first poll published; then the next poll of unchanged data (all 304s) and the events it
/// published, which must be 0. The limit beside the first poll is the same number of single publishes over HTTP, one
/// after another, to the same server.
/// </summary>
internal static class GitHubWorldBenchmark
{
    private const int PollSeconds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var count = options.GetInt("--items", 1_000);
        await using var github = await FakeGitHub.StartAsync();
        github.Edit(data =>
        {
            data.AddRepositories(count);
            data.AddIssues(count, pullRequestEvery: 4);
        });
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string>
        {
            ["FLUX_ENCRYPTION_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["FLUX_CONNECTOR_GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["FLUX_CONNECTOR_GITHUB_POLL_SECONDS"] = PollSeconds.ToString(CultureInfo.InvariantCulture),
        });
        var http = server.Http;
        var expected = 2 * count;
        Console.WriteLine($"github-world: {count} repositories and {count} issues through an embedded Flux on {server.BaseAddress}, polling every {PollSeconds} s");

        var start = Stopwatch.GetTimestamp();
        (await http.PostAsJsonAsync("api/connectors/github/token", new { token = github.Token })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(() => CountAsync(http), n => n == expected, TimeSpan.FromMinutes(5), $"{expected} github entities");
        var firstPoll = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var afterFirst = await GitHubEventsAsync(http);

        // The next poll: three first pages answered 304 end it, and with nothing seen it publishes nothing.
        var seen = github.Requests.Count;
        await Eventually.HoldsAsync(() => Task.FromResult(github.Requests.Skip(seen).Count(r => r.Status == 304)), n => n >= 2,
            TimeSpan.FromSeconds(PollSeconds * 3), "an unchanged poll");
        var afterSecond = await GitHubEventsAsync(http);

        var limit = Stopwatch.GetTimestamp();
        for (var i = 0; i < expected; i++)
            (await http.PostAsJsonAsync("api/events", new { stream = "bench", source = "bench", payload = new { entity_id = $"bench/{i}", properties = new { n = i } } }))
                .EnsureSuccessStatusCode();
        var singles = Stopwatch.GetElapsedTime(limit).TotalMilliseconds;

        HttpBenchmark.Print("github-world-first-poll", firstPoll, "ms");
        HttpBenchmark.Print("github-world-first-poll-events", afterFirst, "events");
        HttpBenchmark.Print("github-world-same-publishes-over-http", singles, "ms");
        HttpBenchmark.Print("github-world-unchanged-poll-events", afterSecond - afterFirst, "events");
        return afterSecond == afterFirst && afterFirst == expected ? 0 : 2;
    }

    private static async Task<int> CountAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<List<object>>("api/state/entities?prefix=github/"))!.Count;

    /// <summary>The events the log holds for the github entities, from each one's history.</summary>
    private static async Task<int> GitHubEventsAsync(HttpClient http)
    {
        var ids = (await http.GetFromJsonAsync<List<JsonElement>>("api/state/entities?prefix=github/"))!.Select(e => e.GetProperty("id").GetString()!);
        var events = 0;
        foreach (var id in ids)
            events += (await http.GetFromJsonAsync<List<JsonElement>>($"api/events?limit=500&entity={Uri.EscapeDataString(id)}"))!.Count;
        return events;
    }
}
