using System.Text.Json;
using Flux.Testing.GitHub;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// A connector's poller in a cluster: one activation polls, on one silo; its reminder, kept in PostgreSQL, brings it
/// back on a surviving silo when that one is killed (docs/connectors.md, the runner).
/// </summary>
public sealed class ConnectorFailoverTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static readonly string EncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>What a silo logs after each poll of the open owner's GitHub connector ("… polled: …" or "…: the poll failed: …").</summary>
    private const string Polled = "connector github of default";

    /// <summary>
    /// A fake GitHub with two repositories and a cluster of two silos whose connectors poll it every second, with a
    /// token stored and its first poll published.
    /// </summary>
    private static async Task<Polling> StartPollingAsync(int recoverySeconds)
    {
        var github = await FakeGitHub.StartAsync();
        github.Edit(data => data.AddRepositories(2));
        var cluster = await FluxCluster.StartAsync(silos: 2, gateways: 1, settings: new Dictionary<string, string>
        {
            ["FLUX_ENCRYPTION_KEY"] = EncryptionKey,
            ["FLUX_CONNECTOR_GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["FLUX_CONNECTOR_GITHUB_POLL_SECONDS"] = "1",
            ["FLUX_CONNECTOR_RECOVERY_SECONDS"] = recoverySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var api = cluster.Gateways[0].Api;
        Expect.Ok(await api.SendAsync(HttpMethod.Post, "api/connectors/github/token", JsonSerializer.Serialize(new { token = github.Token })));
        await Eventually.HoldsAsync(() => api.GetEntityAsync("github/repo/octo/repo-1"), r => r.Status == 200, Wait, "the first poll published");
        return new Polling(github, cluster);
    }

    private sealed record Polling(FakeGitHub GitHub, FluxCluster Cluster) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Cluster.DisposeAsync();
            await GitHub.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_connector_polls_from_exactly_one_silo_and_polls_again_from_a_survivor_after_that_silo_is_killed()
    {
        await using var world = await StartPollingAsync(recoverySeconds: 2);
        var (github, cluster) = world;
        var api = cluster.Gateways[0].Api;

        // Ten polls' worth of requests: one poller asks for the first page of repositories once a second, two would twice.
        github.ClearRequests();
        var polls = await Eventually.HoldsAsync(() => Task.FromResult(FirstPages(github)), first => first.Count >= 10, Wait, "ten polls");
        var gaps = polls.Zip(polls.Skip(1), (a, b) => b.At - a.At).ToList();
        var apart = string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0} ms"));
        Assert.True(gaps.Min() > TimeSpan.FromMilliseconds(500), $"polls came {apart} apart");
        Assert.True(polls[^1].At - polls[0].At > TimeSpan.FromSeconds(7), $"ten polls took less than 7 s: {apart}");
        var polling = cluster.Silos.Where(silo => silo.Output.ToString().Contains(Polled, StringComparison.Ordinal)).ToList();
        Assert.Single(polling);

        await polling[0].CrashAsync();
        github.Edit(data => data.Repositories[0]["stargazers_count"] = 77);
        await Eventually.HoldsAsync(() => api.GetEntityAsync("github/repo/octo/repo-1"),
            r => r.Status == 200 && r.Json.GetProperty("properties").GetProperty("stargazers_count").GetInt32() == 77, Wait, "a poll from the surviving silo");
        // The poll logs once all it saw is published, which right after a kill waits on entities the dead silo held.
        var survivor = cluster.Silos.Single(silo => silo != polling[0]);
        await Eventually.HoldsAsync(() => Task.FromResult(survivor.Output.ToString()), output => output.Contains(Polled, StringComparison.Ordinal), Wait,
            "the surviving silo's poll logged");
    }

    [Fact]
    public async Task after_the_polling_silo_is_killed_a_status_read_brings_the_poller_back_on_a_survivor_before_its_reminder_is_due()
    {
        await using var world = await StartPollingAsync(recoverySeconds: 3600); // the reminder alone would bring it back in an hour
        var (github, cluster) = world;
        var api = cluster.Gateways[0].Api;
        var polling = await Eventually.HoldsAsync(() => Task.FromResult(cluster.Silos.Where(silo => silo.Output.ToString().Contains(Polled, StringComparison.Ordinal)).ToList()),
            silos => silos.Count == 1, Wait, "one silo polling");

        await polling[0].CrashAsync();
        github.Edit(data => data.Repositories[0]["stargazers_count"] = 77);
        // Reading the status calls the poller's grain, which comes back on the survivor and polls at once; until the
        // cluster has declared the dead silo dead, the call may answer 503.
        await Eventually.HoldsAsync(async () =>
            {
                await api.SendAsync(HttpMethod.Get, "api/connectors/github");
                return await api.GetEntityAsync("github/repo/octo/repo-1");
            },
            r => r.Status == 200 && r.Json.GetProperty("properties").GetProperty("stargazers_count").GetInt32() == 77, Wait, "a poll from the surviving silo");
        var status = Expect.Ok(await api.SendAsync(HttpMethod.Get, "api/connectors/github")).Json;
        Assert.Equal("configured", status.GetProperty("status").GetString());
        Assert.True(status.TryGetProperty("last_poll", out _), status.ToString());
    }

    private static List<SeenRequest> FirstPages(FakeGitHub github) =>
        [.. github.Requests.Where(r => r.PathAndQuery.StartsWith("/user/repos", StringComparison.Ordinal) && !r.PathAndQuery.Contains("page=2", StringComparison.Ordinal))];
}
