using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flux.Browser.Tests.WorldView;

/// <summary>
/// The world view at /world (docs/api.md §6.13) in Chromium against a real embedded server: what it shows, how fast
/// a change reaches it, that data from publishers stays text, and how it deals with tokens.
/// </summary>
public sealed class WorldViewTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Loaded = new() { Timeout = 15_000 };

    [Fact]
    public async Task the_page_shows_namespaces_with_their_entity_counts_and_entities_grouped_by_prefix()
    {
        await using var server = await FluxServer.StartAsync();
        foreach (var id in new[] { "dawn-coral/sensor-01", "dawn-coral/sensor-02", "ridge-lab/pump-01", "host-web-01", "host-web-02", "host-db-01", "agent:manager" })
            await PublishAsync(server, id, new JsonObject { ["status"] = "online" });
        await using var browser = await chromium.OpenAsync();
        var page = await OpenAsync(browser, server);

        // The directory refreshes every second under FluxServer; the page follows its changes live.
        await Assertions.Expect(page.Locator("#namespaces [data-namespace='dawn-coral'] .count")).ToHaveTextAsync("2", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#namespaces [data-namespace='ridge-lab'] .count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#tree > li > button.group[data-prefix='host-'] .count")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#tree > li > button.group[data-prefix='dawn-coral/'] .count")).ToHaveTextAsync("2");
        // A group of one entity is shown as that entity.
        await Assertions.Expect(page.Locator("#tree > li > button.entity[data-entity='ridge-lab/pump-01']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tree > li > button.entity[data-entity='agent:manager']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tree button.entity[data-entity='host-web-01']")).ToHaveCountAsync(0);

        await page.Locator("#tree button.group[data-prefix='host-']").ClickAsync();
        await page.Locator("#tree button.group[data-prefix='host-web-']").ClickAsync();
        await Assertions.Expect(page.Locator("#tree button.entity[data-entity='host-db-01']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tree button.entity[data-entity='host-web-01']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tree button.entity[data-entity='host-web-02']")).ToBeVisibleAsync();
        await page.Locator("#namespaces [data-namespace='dawn-coral']").ClickAsync();
        await page.Locator("#tree button.group[data-prefix='dawn-coral/sensor-']").ClickAsync();
        await Assertions.Expect(page.Locator("#tree button.entity[data-entity='dawn-coral/sensor-02']")).ToBeVisibleAsync();

        await browser.ScreenshotAsync("world-view-namespaces-and-groups");
        AssertClean(browser);
    }

    [Fact]
    public async Task a_publish_appears_in_the_live_feed_within_one_second()
    {
        await using var server = await FluxServer.StartAsync();
        await using var browser = await chromium.OpenAsync();
        var page = await OpenAsync(browser, server);
        var id = $"live-{Guid.NewGuid():N}";

        await PublishAsync(server, id, new JsonObject { ["status"] = "healthy" });
        var answered = Stopwatch.StartNew();

        await Assertions.Expect(page.Locator("#feed li").Filter(new() { HasText = id })).ToBeVisibleAsync(new() { Timeout = 1_000 });
        Assert.True(answered.Elapsed < TimeSpan.FromSeconds(1), $"shown {answered.ElapsedMilliseconds} ms after the POST's answer");
        await Assertions.Expect(page.Locator("#feed li").Filter(new() { HasText = id })).ToContainTextAsync("status = healthy");
        await Assertions.Expect(page.Locator($"#tree button.entity[data-entity='{id}']")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("world-view-live-feed");
        AssertClean(browser);
    }

    [Fact]
    public async Task clicking_an_entity_shows_its_properties_and_a_timeline_of_its_events_newest_first()
    {
        await using var server = await FluxServer.StartAsync();
        const string id = "dawn-coral/pump-01";
        await PublishAsync(server, id, new JsonObject { ["pressure"] = 1, ["unit"] = "bar" });
        await PublishAsync(server, id, new JsonObject { ["pressure"] = 2 });
        await PublishAsync(server, id, new JsonObject { ["pressure"] = 3 });
        await using var browser = await chromium.OpenAsync();
        var page = await OpenAsync(browser, server);

        await page.Locator($"#tree button.entity[data-entity='{id}']").ClickAsync();

        await Assertions.Expect(page.Locator("#entity-title")).ToHaveTextAsync(id);
        await Assertions.Expect(page.Locator("#properties tr").Filter(new() { HasText = "pressure" }).Locator("td")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#properties tr").Filter(new() { HasText = "unit" }).Locator("td")).ToHaveTextAsync("bar");
        var timeline = page.Locator("#timeline > li");
        await Assertions.Expect(timeline).ToHaveCountAsync(3);
        await Assertions.Expect(timeline.Nth(0)).ToContainTextAsync("pressure = 3");
        await Assertions.Expect(timeline.Nth(1)).ToContainTextAsync("pressure = 2");
        await Assertions.Expect(timeline.Nth(2)).ToContainTextAsync("pressure = 1");
        await Assertions.Expect(timeline.Nth(2)).ToContainTextAsync("unit = bar");

        // A change to the open entity shows in its properties at once and in its timeline soon after.
        await PublishAsync(server, id, new JsonObject { ["pressure"] = 4 });
        await Assertions.Expect(page.Locator("#properties tr").Filter(new() { HasText = "pressure" }).Locator("td")).ToHaveTextAsync("4");
        await Assertions.Expect(timeline).ToHaveCountAsync(4, new() { Timeout = 5_000 });
        await Assertions.Expect(timeline.Nth(0)).ToContainTextAsync("pressure = 4");
        await browser.ScreenshotAsync("world-view-entity-timeline");
        AssertClean(browser);
    }

    [Fact]
    public async Task the_throughput_and_latency_sparklines_draw_once_metrics_updates_arrive()
    {
        await using var server = await FluxServer.StartAsync();
        await using var browser = await chromium.OpenAsync();
        var page = await OpenAsync(browser, server);

        for (var i = 0; i < 5; i++)
            await PublishAsync(server, $"sensor-temp-{i:00}", new JsonObject { ["celsius"] = 20 + i });

        // FluxServer sends metrics_update every second: a line needs two of them, the latency one a change between.
        await page.WaitForFunctionAsync("() => (document.querySelector('#throughput polyline')?.getAttribute('points') ?? '').split(' ').length >= 2",
            null, new() { Timeout = 15_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('#latency polyline') !== null", null, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#throughput output")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)?$"));
        await Assertions.Expect(page.Locator("#latency output")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Assertions.Expect(page.Locator("#figure-events")).ToHaveTextAsync("5");
        await browser.ScreenshotAsync("world-view-sparklines");
        AssertClean(browser);
    }

    [Fact]
    public async Task markup_in_entity_ids_and_property_values_is_shown_as_text_and_never_runs()
    {
        await using var server = await FluxServer.StartAsync();
        const string id = "xss-<img src=x onerror=\"window.__fluxInjected=1\">";
        const string value = "<script>window.__fluxInjected=2</script><b onmouseover=\"window.__fluxInjected=3\">bold</b>";
        await PublishAsync(server, id, new JsonObject { ["note"] = value, ["<i>key</i>"] = "k" });
        await using var browser = await chromium.OpenAsync();
        var page = await OpenAsync(browser, server);

        var entity = page.Locator("#tree button.entity").Filter(new() { HasText = id });
        await Assertions.Expect(entity).ToHaveTextAsync(id);
        await entity.ClickAsync();
        await Assertions.Expect(page.Locator("#entity-title")).ToHaveTextAsync(id);
        await Assertions.Expect(page.Locator("#properties td").Filter(new() { HasText = "bold" })).ToHaveTextAsync(value);
        await Assertions.Expect(page.Locator("#properties th").Filter(new() { HasText = "key" })).ToHaveTextAsync("<i>key</i>");
        await Assertions.Expect(page.Locator("#timeline > li")).ToHaveCountAsync(1);
        await PublishAsync(server, id, new JsonObject { ["note"] = value });
        await Assertions.Expect(page.Locator("#feed li").Filter(new() { HasText = "bold" })).ToContainTextAsync(value);

        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('img, b, i, body script:not([src])').length"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__fluxInjected === undefined"));
        await browser.ScreenshotAsync("world-view-untrusted-text");
        AssertClean(browser);
    }

    [Fact]
    public async Task in_auth_mode_the_page_shows_the_world_without_a_token_and_names_registered_namespaces()
    {
        await using var server = await FluxServer.StartAsync(AuthMode);
        var namespaceToken = await RegisterAsync(server, "ridge");
        await PublishAsync(server, "ridge/pump-01", new JsonObject { ["rpm"] = 1200 }, namespaceToken);
        await using var browser = await chromium.OpenAsync();
        var page = await OpenAsync(browser, server);

        // Reads are open in both modes (docs/api.md §7.3): nothing asks for a token.
        await Assertions.Expect(page.Locator("#tree button.entity[data-entity='ridge/pump-01']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#namespaces [data-namespace='ridge'] .count")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await page.Locator("#namespaces [data-namespace='ridge']").ClickAsync();
        await Assertions.Expect(page.Locator("#namespace-detail")).ToContainTextAsync("registered");
        await Assertions.Expect(page.Locator("#namespace-detail")).ToContainTextAsync("1 entity");
        await Assertions.Expect(page.Locator("#token-dialog")).Not.ToBeVisibleAsync();
        await browser.ScreenshotAsync("world-view-auth-mode");
        AssertClean(browser);
    }

    [Fact]
    public async Task when_reads_answer_401_the_page_asks_for_a_token_and_then_sends_it_as_a_bearer_token()
    {
        await using var server = await FluxServer.StartAsync(AuthMode);
        var namespaceToken = await RegisterAsync(server, "ridge");
        await PublishAsync(server, "ridge/pump-01", new JsonObject { ["rpm"] = 1200 }, namespaceToken);
        await using var browser = await chromium.OpenAsync();
        var page = browser.Page;
        // Flux itself keeps reads open; this stands for a deployment that guards them in front of Flux.
        var bearers = new List<string?>();
        await page.RouteAsync("**/api/state/entities**", async route =>
        {
            var authorization = await route.Request.HeaderValueAsync("authorization");
            lock (bearers)
                bearers.Add(authorization);
            if (authorization == $"Bearer {namespaceToken}")
                await route.FallbackAsync();
            else
                await route.FulfillAsync(new() { Status = 401, ContentType = "application/json", Body = """{"error":"Unauthorized"}""" });
        });
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => { lock (sockets) sockets.Add(socket.Url); };
        await page.GotoAsync(new Uri(server.BaseAddress, "world").ToString());

        await Assertions.Expect(page.Locator("#token-dialog")).ToBeVisibleAsync(Loaded);
        await Assertions.Expect(page.Locator("#token-reason")).ToContainTextAsync("Unauthorized");
        await page.Locator("#token-input").FillAsync(namespaceToken);
        await page.Locator("#token-save").ClickAsync();

        await Assertions.Expect(page.Locator("#tree button.entity[data-entity='ridge/pump-01']")).ToBeVisibleAsync(Loaded);
        await page.Locator("#tree button.entity[data-entity='ridge/pump-01']").ClickAsync();
        await Assertions.Expect(page.Locator("#properties td")).ToHaveTextAsync("1200");
        Assert.Equal(namespaceToken, await page.EvaluateAsync<string>("() => sessionStorage.getItem('flux.token')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        lock (bearers)
            Assert.Contains($"Bearer {namespaceToken}", bearers);
        lock (sockets)
            Assert.All(sockets, url => Assert.DoesNotContain(namespaceToken, url, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#token-dialog")).Not.ToBeVisibleAsync();
        await browser.ScreenshotAsync("world-view-token");
        AssertClean(browser);
    }

    private const string AdminToken = "world-view-admin-token";

    private static readonly Dictionary<string, string> AuthMode = new()
    {
        ["FLUX_AUTH_ENABLED"] = "true",
        ["FLUX_ADMIN_TOKEN"] = AdminToken,
    };

    /// <summary>Opens /world and waits until its socket is live and its first load is drawn.</summary>
    private static async Task<IPage> OpenAsync(BrowserPage browser, FluxServer server)
    {
        await browser.Page.GotoAsync(new Uri(server.BaseAddress, "world").ToString());
        await Assertions.Expect(browser.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 15_000 });
        await Assertions.Expect(browser.Page.Locator("#tree button.entity[data-entity='flux-core/directory']")).ToBeVisibleAsync(Loaded);
        return browser.Page;
    }

    private static async Task PublishAsync(FluxServer server, string id, JsonObject properties, string? token = null)
    {
        var body = new JsonObject
        {
            ["stream"] = "sensors",
            ["source"] = "world-view-test",
            ["payload"] = new JsonObject { ["entity_id"] = id, ["properties"] = properties },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"publish {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> RegisterAsync(FluxServer server, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/namespaces")
        {
            Content = new StringContent(new JsonObject { ["name"] = name }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"register {name}: {(int)response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private static void AssertClean(BrowserPage browser)
    {
        Assert.Empty(browser.OutsideRequests);
        Assert.Empty(browser.ScriptErrors);
    }
}
