using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Flux.Browser.Tests.Dashboard;

/// <summary>
/// The Orleans Dashboard at /dashboard (docs/api.md §6.14) in Chromium: the embedded server, and a cluster gateway in
/// front of two silos. Each server runs in auth mode with an admin token, so that a namespace can be registered and
/// its grain is active beside the entity's.
/// </summary>
public sealed class DashboardTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string AdminToken = "dashboard-admin-token";

    private static readonly Dictionary<string, string> AuthMode = new()
    {
        ["FLUX_AUTH_ENABLED"] = "true",
        ["FLUX_ADMIN_TOKEN"] = AdminToken,
    };

    /// <summary>Flux's grain classes as the dashboard names them (src/Flux.Grains).</summary>
    private static readonly string[] FluxGrains = ["Flux.Grains.EntityGrain", "Flux.Grains.NamespaceGrain", "Flux.Grains.DirectoryGrain"];

    [Fact]
    public async Task the_dashboard_asks_a_browser_for_the_admin_token_then_shows_the_silo_and_the_flux_grains()
    {
        await using var server = await FluxServer.StartAsync(AuthMode);
        await ActivateFluxGrainsAsync(server);

        await using (var refused = await chromium.OpenAsync(login: new() { Username = "operator", Password = "not-the-token" }))
        {
            // Chromium answers the server's challenge with the password it was given, and shows the 401 when that is refused.
            var response = await refused.Page.GotoAsync(Page(server));
            Assert.Equal(401, response!.Status);
        }

        // The browser's login prompt, answered with any user name and the admin token as the password.
        await using var browser = await chromium.OpenAsync(login: new() { Username = "operator", Password = AdminToken });
        await ShowsAsync(browser, server, silos: [server], "dashboard-embedded");
    }

    [Fact]
    public async Task a_cluster_gateway_shows_both_silos_and_the_flux_grains_on_them()
    {
        await using var cluster = await FluxCluster.StartAsync(silos: 2, gateways: 1, settings: AuthMode, sharedServers: true);
        var gateway = cluster.Gateways[0];
        await ActivateFluxGrainsAsync(gateway);

        await using var browser = await chromium.OpenAsync(new Dictionary<string, string> { ["Authorization"] = $"Bearer {AdminToken}" });
        await ShowsAsync(browser, gateway, cluster.Silos, "dashboard-cluster");
    }

    /// <summary>
    /// The overview, the grain types (Flux's among them) and the silos, each saved as a screenshot. A cluster's silos are
    /// known by their Orleans ports; the embedded server's one silo picks its own.
    /// </summary>
    private static async Task ShowsAsync(BrowserPage browser, FluxServer server, IReadOnlyList<FluxServer> silos, string screenshot)
    {
        var page = browser.Page;
        var wait = new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 };

        await page.GotoAsync(Page(server));
        Assert.Equal(new Uri(server.BaseAddress, "dashboard/").ToString(), page.Url); // redirected to the page's own path
        var activeSilos = page.Locator(".info-box", new() { HasText = "Active Silos" }).Locator(".info-box-number");
        await Assertions.Expect(activeSilos).ToHaveTextAsync(silos.Count.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        await browser.ScreenshotAsync(screenshot + "-overview");

        await page.GotoAsync(Page(server) + "/#/grains");
        // Silos send their figures every second; the page reloads them as often.
        foreach (var grain in FluxGrains)
            await Assertions.Expect(page.Locator($"a[href='#/grain/{grain}']").First).ToBeVisibleAsync(wait);
        await browser.ScreenshotAsync(screenshot + "-grains");

        await page.GotoAsync(Page(server) + "/#/silos");
        // Each silo is linked by its address (127.0.0.1:<silo port>@<generation>), under Silo Health and again on the Silo Map.
        var shown = await Eventually.HoldsAsync(
            () => page.Locator("a[href^='#/host/']").EvaluateAllAsync<string[]>("links => [...new Set(links.map(l => l.getAttribute('href')))]"),
            links => links.Length >= silos.Count, TimeSpan.FromSeconds(30), "the silos on the silos page");
        var ports = shown.Select(link => link["#/host/".Length..].Split('@')[0].Split(':')[1]).Order(StringComparer.Ordinal);
        if (silos.All(silo => silo.SiloPort is not null))
            Assert.Equal(silos.Select(silo => silo.SiloPort!.Value.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), ports);
        else
            Assert.Equal(silos.Count, shown.Length);
        await browser.ScreenshotAsync(screenshot + "-silos");

        Assert.Empty(browser.OutsideRequests);
        Assert.Empty(browser.ScriptErrors);
    }

    private static string Page(FluxServer server) => new Uri(server.BaseAddress, "dashboard").ToString();

    /// <summary>Registers a namespace and publishes into it, so that its namespace grain and an entity grain are active.</summary>
    private static async Task ActivateFluxGrainsAsync(FluxServer server)
    {
        var name = $"dash-{Guid.NewGuid():N}"[..17];
        using var register = new HttpRequestMessage(HttpMethod.Post, "api/namespaces") { Content = JsonContent.Create(new { name }) };
        register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var registered = await server.Http.SendAsync(register);
        registered.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();

        using var publish = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = JsonContent.Create(new { stream = "sensors", source = "browser-tests", payload = new { entity_id = $"{name}/sensor-1", properties = new { t = 21.5 } } }),
        };
        publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var published = await server.Http.SendAsync(publish);
        published.EnsureSuccessStatusCode();
    }
}
