using System.Text.Json;
using System.Text.RegularExpressions;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Cli;

/// <summary>
/// The agent skill in skills/flux: every example of its SKILL.md runs against a real server, and
/// its CLI encodes ids, builds bodies, reports errors with exit codes and watches the WebSocket.
/// </summary>
[Trait("Suite", "conformance")]
public sealed partial class SkillTests(OpenServer open, AuthServer auth) : IClassFixture<OpenServer>, IClassFixture<AuthServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FluxApi _api = open.Api;
    private Uri Url => open.Server.BaseAddress;

    private static IReadOnlyList<SkillExample> Examples =>
        SkillExamples.Read(File.ReadAllText(Path.Combine(SkillCli.SkillDirectory, "SKILL.md")));

    private Task<CliRun> RunAsync(params string[] args) => SkillCli.RunAsync(Url, args);

    private static CliRun Ok(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    /// <summary>A server answer other than 2xx: exit 1, its error on stderr, nothing on stdout.</summary>
    private static void Refused(CliRun run, string serverError)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(run.Output.Length == 0, run.ToString());
        Assert.True(run.Error.Contains(serverError, StringComparison.Ordinal), run.ToString());
    }

    private static List<string> IdsOf(CliRun run) => run.Json.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

    [GeneratedRegex(@"^  ([a-z-]+)\) cmd_", RegexOptions.Multiline)]
    private static partial Regex DispatchedCommand();

    [Fact]
    public async Task every_example_in_the_skill_document_runs_against_a_real_server()
    {
        var examples = Examples;
        Assert.True(examples.Count >= 20, $"only {examples.Count} examples found in SKILL.md");
        await using var server = await FluxServer.StartAsync();
        foreach (var example in examples)
        {
            Assert.True(example.Command.Length > 0, $"{example} does not run ./scripts/flux.sh COMMAND");
            var run = await SkillCli.RunShellAsync(server.BaseAddress, example.CommandLine);
            Assert.True(run.ExitCode == example.ExpectedExit, $"{example}\n{run}");
            if (example.ExpectedExit != 0)
            {
                Assert.True(run.Output.Length == 0 && run.Error.Length > 0, $"{example} failed but not as documented\n{run}");
                continue;
            }
            if (example.Command == "watch")
                _ = run.JsonLines;
            else
                _ = run.Json;
        }
    }

    [Fact]
    public void the_skill_document_shows_every_command_of_the_cli()
    {
        var commands = DispatchedCommand().Matches(File.ReadAllText(SkillCli.Script)).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("publish", commands);
        var shown = Examples.Select(e => e.Command).ToHashSet();
        Assert.All(commands, command => Assert.True(shown.Contains(command), $"SKILL.md has no example of `{command}`"));
    }

    [Fact]
    public async Task ids_with_spaces_question_marks_hashes_slashes_and_unicode_round_trip_through_publish_get_history_and_delete()
    {
        var p = Ids.Unique("skill-ids");
        string[] ids = [$"{p}/room 101", $"{p}/what?x=1&y=2", $"{p}/#hash", $"{p}/a/b/c", $"{p}/plus+percent%20", $"{p}/é 😀 ü"];
        foreach (var id in ids)
        {
            Ok(await RunAsync("publish", "sensors", "agent-01", id, """{"v":1}"""));
            var got = Ok(await RunAsync("get", id)).Json;
            Assert.Equal(id, got.GetProperty("id").GetString());
            Assert.Equal(id, (await _api.GetEntityAsync(id)).Json.GetProperty("id").GetString());

            var history = Ok(await RunAsync("history", id)).Json;
            Assert.Equal(id, Assert.Single(history.EnumerateArray()).GetProperty("payload").GetProperty("entity_id").GetString());

            var deleted = Ok(await RunAsync("delete", id)).Json;
            Assert.Equal(id, deleted.GetProperty("entity_id").GetString());
            Refused(await RunAsync("get", id), "Entity not found");
        }
        await Eventually.HoldsAsync(async () => Ok(await RunAsync("list", "--prefix", $"{p}/")).Json.GetArrayLength(), n => n == 0, Wait, "all deleted ids gone from the list");
    }

    [Fact]
    public async Task bodies_keep_quotes_backslashes_and_control_characters_of_sources_ids_and_event_ids()
    {
        var id = Ids.Unique("skill-json") + "/say \"hi\" \\ back\tslash\nnew line\u0001";
        const string source = "agent \"q\" \\ \r\n\u001f";
        const string eventId = "retry \"1\" \\";
        Ok(await RunAsync("publish", "sensors", source, id, """{"text":"a \"quoted\" value"}""", "--event-id", eventId));
        var again = Ok(await RunAsync("publish", "sensors", source, id, """{"text":"changed"}""", "--event-id", eventId));
        Assert.Equal(eventId, again.Json.GetProperty("eventId").GetString());

        var stored = Assert.Single((await _api.HistoryAsync(id)).Json.EnumerateArray());
        Assert.Equal(source, stored.GetProperty("source").GetString());
        Assert.Equal(eventId, stored.GetProperty("eventId").GetString());
        var entity = Ok(await RunAsync("get", id)).Json;
        Assert.Equal(id, entity.GetProperty("id").GetString());
        Assert.Equal("a \"quoted\" value", entity.GetProperty("properties").GetProperty("text").GetString());
    }

    [Fact]
    public async Task publish_without_a_timestamp_lets_the_server_set_it_and_an_explicit_one_is_kept()
    {
        var id = Ids.Unique("skill-ts");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Ok(await RunAsync("publish", "sensors", "agent-01", id, """{"v":1}"""));
        Ok(await RunAsync("publish", "sensors", "agent-01", id, """{"v":2}""", "--timestamp", "1767225600123"));
        var history = Ok(await RunAsync("history", id)).Json.EnumerateArray().ToList();
        Assert.Equal(1767225600123, history[0].GetProperty("timestamp").GetInt64());
        Assert.InRange(history[1].GetProperty("timestamp").GetInt64(), before - 5000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 5000);
    }

    [Fact]
    public async Task batch_accepts_a_bare_array_an_events_object_a_file_and_standard_input()
    {
        var p = Ids.Unique("skill-batch");
        string Event(string suffix) => $$$"""{"stream":"sensors","source":"agent-01","payload":{"entity_id":"{{{p}}}-{{{suffix}}}","properties":{"n":1} }}""";

        var array = Ok(await RunAsync("batch", $"[{Event("array-1")},\n {Event("array-2")}]"));
        Assert.Equal(2, array.Json.GetProperty("successful").GetInt32());
        var wrapped = Ok(await RunAsync("batch", $$"""{"events":[{{Event("object")}}]}"""));
        Assert.Equal(1, wrapped.Json.GetProperty("successful").GetInt32());

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, $"[{Event("file")}]\n");
            Assert.Equal(1, Ok(await RunAsync("batch", "@" + file)).Json.GetProperty("successful").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
        var piped = Ok(await SkillCli.RunWithAsync(Url, null, $$"""{"events":[{{Event("stdin")}}]}""", "batch", "-"));
        Assert.Equal(1, piped.Json.GetProperty("successful").GetInt32());

        List<string> expected = [$"{p}-array-1", $"{p}-array-2", $"{p}-file", $"{p}-object", $"{p}-stdin"];
        await Eventually.HoldsAsync(() => _api.ListIdsAsync($"?prefix={p}"), ids => ids.SequenceEqual(expected), Wait, "every batch listed");
    }

    [Fact]
    public async Task a_batch_with_failed_items_succeeds_and_warns_on_stderr()
    {
        var id = Ids.Unique("skill-partial");
        var run = Ok(await RunAsync("batch", $$$"""[{"stream":"Bad","source":"a","payload":{"entity_id":"{{{id}}}","properties":{"n":1} }}]"""));
        Assert.Equal(1, run.Json.GetProperty("failed").GetInt32());
        Assert.Contains("failed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_server_error_exits_1_with_the_error_on_stderr_and_nothing_on_stdout()
    {
        Refused(await RunAsync("get", Ids.Unique("skill-missing")), "Entity not found");
        Refused(await RunAsync("publish", "Sensors", "agent-01", Ids.Unique("skill-bad"), """{"v":1}"""), "invalid stream format 'Sensors'");
        Refused(await RunAsync("history", "x", "--limit", "many"), "invalid limit");
    }

    [Fact]
    public async Task connectors_shows_the_four_connectors_in_the_contracts_order_with_their_status()
    {
        var connectors = Ok(await RunAsync("connectors")).Json.GetProperty("connectors").EnumerateArray().ToList();

        Assert.Equal(["github", "gmail", "linkedin", "calendar"], connectors.Select(c => c.GetProperty("name").GetString()));
        Assert.All(connectors, c => Assert.Equal("not_configured", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task an_unreachable_server_exits_2_with_a_message()
    {
        var nowhere = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        foreach (var args in new[] { new[] { "health" }, ["get", "x"], ["publish", "sensors", "a", "x", """{"v":1}"""], ["watch", "--timeout", "5"] })
        {
            var run = await SkillCli.RunAsync(nowhere, args);
            Assert.True(run.ExitCode == 2 && run.Output.Length == 0 && run.Error.Contains("cannot reach", StringComparison.Ordinal), run.ToString());
        }
    }

    [Fact]
    public async Task usage_errors_exit_64_with_the_usage_on_stderr_and_help_prints_it()
    {
        string[][] mistakes =
        [
            [], ["frobnicate"], ["get"], ["get", ""], ["get", "a", "b"], ["list", "--colour", "red"],
            ["publish", "sensors", "a", "x"], ["publish", "sensors", "a", "x", "[1]"], ["publish", "sensors", "a", "x", """{"v":1}""", "--timestamp", "soon"],
            ["batch", "not json"], ["list", "a", "--prefix", "b"], ["delete"], ["delete", "--prefix", "a", "--namespace", "b"], ["delete", "--prefix", ""], ["delete", "--namespace", ""], ["watch", "--count", "0"], ["history", "x", "--limit"],
        ];
        foreach (var args in mistakes)
        {
            var run = await RunAsync(args);
            Assert.True(run.ExitCode == 64 && run.Output.Length == 0 && run.Error.Contains("usage: flux.sh", StringComparison.Ordinal), run.ToString());
        }
        var help = Ok(await RunAsync("help"));
        Assert.Contains("usage: flux.sh", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task health_prints_a_json_object_with_the_url_and_the_entity_count()
    {
        var health = Ok(await RunAsync("health")).Json;
        Expect.Keys(health, "status", "url", "entities");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(Url.ToString().TrimEnd('/'), health.GetProperty("url").GetString());
        Assert.True(health.GetProperty("entities").GetInt32() >= 1, health.GetRawText());
    }

    [Fact]
    public async Task list_filters_by_positional_prefix_prefix_option_and_namespace()
    {
        var ns = Ids.Unique("skill-ns");
        await _api.PublishOkAsync($"{ns}/sensor-1", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{ns}/room-1", FluxApi.Props("v", 1));
        await _api.PublishOkAsync($"{ns}-flat", FluxApi.Props("v", 1));
        await Eventually.HoldsAsync(() => _api.ListIdsAsync($"?prefix={ns}"), ids => ids.Count == 3, Wait, "all three listed");

        Assert.Equal([$"{ns}-flat", $"{ns}/room-1", $"{ns}/sensor-1"], IdsOf(Ok(await RunAsync("list", ns))));
        Assert.Equal([$"{ns}/room-1"], IdsOf(Ok(await RunAsync("list", "--prefix", $"{ns}/r"))));
        Assert.Equal([$"{ns}/room-1", $"{ns}/sensor-1"], IdsOf(Ok(await RunAsync("list", "--namespace", ns))));
        Assert.Equal([$"{ns}/sensor-1"], IdsOf(Ok(await RunAsync("list", "--namespace", ns, "--prefix", $"{ns}/s"))));
    }

    [Fact]
    public async Task history_returns_the_newest_events_first_within_limit_and_since()
    {
        var id = Ids.Unique("skill-history");
        for (var v = 1; v <= 3; v++)
            await _api.PublishOkAsync(id, FluxApi.Props("v", v));

        var all = Ok(await RunAsync("history", id)).Json.EnumerateArray().ToList();
        Assert.Equal([3, 2, 1], all.Select(e => e.GetProperty("payload").GetProperty("properties").GetProperty("v").GetInt32()));
        var newest = Ok(await RunAsync("history", id, "--limit", "1")).Json;
        Assert.Equal(3, Assert.Single(newest.EnumerateArray()).GetProperty("payload").GetProperty("properties").GetProperty("v").GetInt32());
        Assert.Equal(3, Ok(await RunAsync("history", id, "--since", "2020-01-01T00:00:00+00:00")).Json.GetArrayLength());
        Assert.Equal(0, Ok(await RunAsync("history", id, "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))).Json.GetArrayLength());
    }

    [Fact]
    public async Task watch_with_an_id_and_count_1_prints_a_state_update_published_after_it_subscribed()
    {
        var id = Ids.Unique("skill-watch") + "/room 101?";
        await using var watch = SkillCli.Start(Url, null, null, ["bash", SkillCli.Script, "watch", id, "--count", "1", "--timeout", "60"]);
        await watch.WaitForErrorLineAsync(line => line.StartsWith("flux: watching", StringComparison.Ordinal), Wait);

        // The contract never acknowledges a subscribe: publish until the watch has seen one and exits.
        var deadline = DateTime.UtcNow + Wait;
        for (var attempt = 1; !watch.HasExited; attempt++)
        {
            Assert.True(DateTime.UtcNow < deadline, $"watch did not stop after an update within {Wait}");
            await _api.PublishOkAsync(id, FluxApi.Props("attempt", attempt));
            for (var poll = DateTime.UtcNow.AddMilliseconds(500); !watch.HasExited && DateTime.UtcNow < poll;)
                await Task.Delay(20);
        }
        var run = await watch.WaitForExitAsync(Wait);
        Assert.True(run.ExitCode == 0, run.ToString());
        var update = Assert.Single(run.JsonLines, m => m.GetProperty("type").GetString() == "state_update");
        Assert.Equal(id, update.GetProperty("entity_id").GetString());
        Assert.Equal("attempt", update.GetProperty("property").GetString());
    }

    [Fact]
    public async Task delete_by_prefix_and_by_namespace_removes_only_the_matching_entities()
    {
        var p = Ids.Unique("skill-del");
        foreach (var id in new[] { $"{p}-a", $"{p}-b", $"{p}x", $"{p}/n1", $"{p}/n2" })
            await _api.PublishOkAsync(id, FluxApi.Props("v", 1));
        await Eventually.HoldsAsync(() => _api.ListIdsAsync($"?prefix={p}"), ids => ids.Count == 5, Wait, "all five listed");

        Assert.Equal(2, Ok(await RunAsync("delete", "--prefix", $"{p}-")).Json.GetProperty("deleted").GetInt32());
        Assert.Equal(2, Ok(await RunAsync("delete", "--namespace", p)).Json.GetProperty("deleted").GetInt32());
        await Eventually.HoldsAsync(() => _api.ListIdsAsync($"?prefix={p}"), ids => ids.SequenceEqual([$"{p}x"]), Wait, "only the non-matching id left");

        var byIds = Ok(await RunAsync("batch-delete", $$"""{"entity_ids":["{{p}}x"]}"""));
        Assert.Equal(1, byIds.Json.GetProperty("deleted").GetInt32());
    }

    [Fact]
    public async Task admin_config_reads_openly_and_updates_only_with_the_admin_token()
    {
        var url = auth.Server.BaseAddress;
        var config = Ok(await SkillCli.RunAsync(url, "admin-config")).Json;
        Expect.Keys(config, "rate_limit_enabled", "rate_limit_per_namespace_per_minute", "body_size_limit_single_bytes", "body_size_limit_batch_bytes");

        var update = """{"rate_limit_per_namespace_per_minute":4321}""";
        Refused(await SkillCli.RunAsync(url, "admin-config", update), "Unauthorized");
        Refused(await SkillCli.RunWithAsync(url, new Dictionary<string, string> { ["FLUX_TOKEN"] = AuthServer.AdminToken }, null, "admin-config", update), "Unauthorized");
        var changed = Ok(await SkillCli.RunWithAsync(url, new Dictionary<string, string> { ["FLUX_ADMIN_TOKEN"] = AuthServer.AdminToken }, null, "admin-config", update)).Json;
        Assert.Equal(4321, changed.GetProperty("rate_limit_per_namespace_per_minute").GetInt32());
        Assert.Equal(4321, Ok(await SkillCli.RunAsync(url, "admin-config")).Json.GetProperty("rate_limit_per_namespace_per_minute").GetInt32());
    }

    [Fact]
    public async Task with_authentication_writes_send_the_namespace_token_and_deletes_fall_back_to_the_admin_token()
    {
        var url = auth.Server.BaseAddress;
        var ns = $"skill{Guid.NewGuid():N}"[..20];
        var token = Expect.Ok(await auth.Api.RegisterNamespaceAsync(ns, AuthServer.AdminToken)).Json.GetProperty("token").GetString()!;
        var withToken = new Dictionary<string, string> { ["FLUX_TOKEN"] = token };
        var adminOnly = new Dictionary<string, string> { ["FLUX_ADMIN_TOKEN"] = AuthServer.AdminToken };

        Assert.Equal(1, (await SkillCli.RunAsync(url, "publish", "sensors", "a", $"{ns}/x", """{"v":1}""")).ExitCode);
        foreach (var id in new[] { $"{ns}/a", $"{ns}/b", $"{ns}/c" })
            Ok(await SkillCli.RunWithAsync(url, withToken, null, "publish", "sensors", "agent-01", id, """{"v":1}"""));
        Ok(await SkillCli.RunWithAsync(url, withToken, null, "batch", $$$"""[{"stream":"sensors","source":"a","payload":{"entity_id":"{{{ns}}}/d","properties":{"v":1} }}]"""));

        Refused(await SkillCli.RunAsync(url, "delete", $"{ns}/a"), "HTTP 401");
        Ok(await SkillCli.RunWithAsync(url, adminOnly, null, "delete", $"{ns}/a"));
        Assert.Equal(1, Ok(await SkillCli.RunWithAsync(url, adminOnly, null, "batch-delete", $$"""{"entity_ids":["{{ns}}/b"]}""")).Json.GetProperty("deleted").GetInt32());
        Ok(await SkillCli.RunWithAsync(url, withToken, null, "delete", $"{ns}/c"));
        await Eventually.HoldsAsync(() => auth.Api.ListIdsAsync($"?namespace={ns}"), ids => ids.SequenceEqual([$"{ns}/d"]), Wait, "only d left");
        Assert.Equal(1, Ok(await SkillCli.RunWithAsync(url, adminOnly, null, "delete", "--namespace", ns)).Json.GetProperty("deleted").GetInt32());
    }
}
