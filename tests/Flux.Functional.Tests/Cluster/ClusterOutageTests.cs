using System.Diagnostics;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Cluster;

/// <summary>
/// A dependency of the cluster that goes away: requests get a fast 503 with a reason and Retry-After, never a
/// hang, and service resumes by itself when it returns; nothing acknowledged is lost. Each test has a cluster
/// of its own, since it breaks it.
/// </summary>
public sealed class ClusterOutageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>What a client may wait for an answer while a dependency is down: the log's request timeout and some.</summary>
    private static readonly TimeSpan FastAnswer = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task nats_killed_under_load_makes_writes_answer_503_quickly_they_resume_by_themselves_and_nothing_acknowledged_is_lost()
    {
        var (cluster, writers) = await AcknowledgedWriters.StartClusterUnderLoadAsync("nats-outage/pump", Wait);
        await using var _ = cluster;
        var api = cluster.Gateways[0].Api;

        await cluster.Nats.StopAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(writers.Refusals), n => n >= 20, Wait, "writes refused while NATS is down");
        await cluster.Nats.StartAsync();
        await writers.RecoveredAsync(Wait);

        Assert.True(writers.LongestRefusal < FastAnswer, $"a refusal took {writers.LongestRefusal}");
        await writers.AssertNothingAcknowledgedWasLostAsync(api);
    }

    [Fact]
    public async Task while_postgresql_is_down_listing_answers_503_quickly_writes_go_on_and_the_index_catches_up()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1);
        var api = cluster.Gateways[0].Api;
        await api.PublishOkAsync("pg/boiler", FluxApi.Props("bar", 1));
        await Eventually.HoldsAsync(() => api.ListIdsAsync("?prefix=pg/"), ids => ids.Contains("pg/boiler"), Wait, "the entity listed");

        await cluster.Postgres.StopAsync();
        var clock = Stopwatch.StartNew();
        var refused = await api.ListAsync("?prefix=pg/");
        Assert.True(clock.Elapsed < FastAnswer, $"the refusal took {clock.Elapsed}");
        Expect.Error(refused, 503);
        // The entity's grain is active and its log is up: writes need no PostgreSQL, the index takes them later.
        await api.PublishOkAsync("pg/boiler", FluxApi.Props("bar", 2));

        await cluster.Postgres.StartAsync();
        await Eventually.HoldsAsync(() => api.ListAsync("?prefix=pg/"), r => r.Status == 200 && r.Body.Contains("\"bar\":2", StringComparison.Ordinal),
            Wait, "the index caught up with the write made while PostgreSQL was down");
    }

    [Fact]
    public async Task a_silo_killed_under_load_loses_no_acknowledged_event_and_its_entities_write_again_within_20_seconds()
    {
        var (cluster, writers) = await AcknowledgedWriters.StartClusterUnderLoadAsync("kill/meter", Wait);
        await using var _ = cluster;
        var api = cluster.Gateways[0].Api;

        await cluster.Silos[1].CrashAsync();
        // With Orleans' default membership timings this took about 30 s; the silos detect a dead one in seconds.
        await writers.RecoveredAsync(TimeSpan.FromSeconds(20));

        await writers.AssertNothingAcknowledgedWasLostAsync(api);
    }

    [Fact]
    public async Task postgresql_killed_under_load_leaves_active_entities_writable_and_loses_nothing_acknowledged()
    {
        var (cluster, writers) = await AcknowledgedWriters.StartClusterUnderLoadAsync("pg-outage/boiler", Wait);
        await using var _ = cluster;
        var api = cluster.Gateways[0].Api;

        await cluster.Postgres.StopAsync();
        var acknowledgedBefore = writers.Acknowledged;
        // Active grains need no PostgreSQL to write: the log takes the events, the index takes them later.
        await Eventually.HoldsAsync(() => Task.FromResult(writers.Acknowledged), n => n >= acknowledgedBefore + 60, Wait, "writes acknowledged while PostgreSQL is down");
        await cluster.Postgres.StartAsync();
        await writers.RecoveredAsync(Wait);

        Assert.True(writers.LongestRefusal < FastAnswer, $"a refusal took {writers.LongestRefusal}");
        await writers.AssertNothingAcknowledgedWasLostAsync(api);
    }

    [Fact]
    public async Task readyz_names_postgresql_while_it_is_down_and_turns_ready_when_it_returns()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1);
        FluxServer[] processes = [cluster.Silos[0], cluster.Gateways[0]];

        await cluster.Postgres.StopAsync();
        foreach (var process in processes)
        {
            var waiting = await Eventually.HoldsAsync(() => ReadyzAsync(process), r => r.Status == 503 && r.Body.Contains("waiting for PostgreSQL", StringComparison.Ordinal),
                Wait, $"{process} naming PostgreSQL");
            Assert.Matches(@"waiting for PostgreSQL since \d{4}-\d\d-\d\dT[^ ]+ \(.+\)", Expect.Error(waiting, 503));
        }

        await cluster.Postgres.StartAsync();
        foreach (var process in processes)
            await Eventually.HoldsAsync(() => ReadyzAsync(process), r => r.Status == 200, Wait, $"{process} ready again");
    }

    [Fact]
    public async Task readyz_names_nats_while_it_is_down_and_turns_ready_when_it_returns()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1);
        FluxServer[] processes = [cluster.Silos[0], cluster.Gateways[0]];

        await cluster.Nats.StopAsync();
        foreach (var process in processes)
        {
            // The probe looks every second; until it has, /readyz's own check of the log may be what fails.
            var waiting = await Eventually.HoldsAsync(() => ReadyzAsync(process), r => r.Status == 503 && r.Body.Contains("waiting for NATS", StringComparison.Ordinal),
                Wait, $"{process} naming NATS");
            Assert.Matches(@"waiting for NATS since \d{4}-\d\d-\d\dT[^ ]+ \(.+\)", Expect.Error(waiting, 503));
        }

        await cluster.Nats.StartAsync();
        foreach (var process in processes)
            await Eventually.HoldsAsync(() => ReadyzAsync(process), r => r.Status == 200, Wait, $"{process} ready again");
    }

    [Fact]
    public async Task a_silo_and_a_gateway_started_while_postgresql_is_down_answer_503_naming_it_and_serve_once_it_returns()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1);
        await cluster.Postgres.StopAsync();
        await using var silo = FluxServer.Create(cluster.Environment);
        await using var gateway = FluxServer.Create(cluster.Environment, ServerBinary.Gateway);
        await silo.LaunchAsync(waitUntilReady: false);
        await gateway.LaunchAsync(waitUntilReady: false);

        foreach (var process in new[] { silo, gateway })
        {
            var waiting = await Eventually.HoldsAsync(() => ReadyzAsync(process), r => r.Status == 503 && r.Body.Contains("PostgreSQL since", StringComparison.Ordinal),
                Wait, $"{process} answering /readyz");
            Assert.Matches(@"^recovering: waiting for .*PostgreSQL since \d{4}-\d\d-\d\dT[^ ]+ \(.+\)", Expect.Error(waiting, 503));
        }
        var clock = Stopwatch.StartNew();
        var refused = await gateway.Api.ListAsync();
        Assert.True(clock.Elapsed < FastAnswer, $"the refusal took {clock.Elapsed}");
        Assert.Contains("PostgreSQL", Expect.Error(refused, 503), StringComparison.Ordinal);
        Assert.Equal("1", refused.Header("Retry-After"));

        await cluster.Postgres.StartAsync();
        await silo.WaitUntilReadyAsync();
        await gateway.WaitUntilReadyAsync();
        await gateway.Api.PublishOkAsync("late/start", FluxApi.Props("ok", true));
        Assert.Equal(200, (await cluster.Gateways[0].Api.GetEntityAsync("late/start")).Status);
    }

    [Fact]
    public async Task the_index_lag_metric_grows_while_postgresql_is_down_and_falls_back_once_the_index_caught_up()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 1, gateways: 1);
        var api = cluster.Gateways[0].Api;
        await api.PublishOkAsync("lag/boiler", FluxApi.Props("bar", 1));

        await cluster.Postgres.StopAsync();
        await api.PublishOkAsync("lag/boiler", FluxApi.Props("bar", 2));
        await Eventually.HoldsAsync(() => IndexLagAsync(api), lag => lag > 2, Wait, "an index lag beyond G3's bound while PostgreSQL is down");

        await cluster.Postgres.StartAsync();
        await Eventually.HoldsAsync(() => IndexLagAsync(api), lag => lag < 1, Wait, "the index lag back under a second");
        var listed = Expect.Ok(await api.ListAsync("?prefix=lag/"));
        Assert.Contains("\"bar\":2", listed.Body, StringComparison.Ordinal);
    }

    private static async Task<ApiResponse> ReadyzAsync(FluxServer process)
    {
        try
        {
            return await process.Api.SendAsync(HttpMethod.Get, "readyz");
        }
        catch (InvalidOperationException e) when (e.InnerException is HttpRequestException)
        {
            return new ApiResponse(0, new Dictionary<string, string>(), e.InnerException.Message, "GET /readyz"); // not listening yet
        }
    }

    private static async Task<double> IndexLagAsync(FluxApi api)
    {
        var text = Expect.Ok(await api.SendAsync(HttpMethod.Get, "metrics")).Body;
        var line = text.Split('\n').Single(l => l.StartsWith("flux_index_lag_seconds ", StringComparison.Ordinal));
        return double.Parse(line["flux_index_lag_seconds ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
