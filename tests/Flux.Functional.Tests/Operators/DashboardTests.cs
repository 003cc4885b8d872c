using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Operators;

/// <summary>The Orleans Dashboard at /dashboard (docs/api.md §6.14), guarded by the admin token when one is set (whatever the auth mode).</summary>
[Trait("Suite", "conformance")]
public sealed class DashboardTests(AuthServer fixture) : IClassFixture<AuthServer>
{
    private const string Admin = AuthServer.AdminToken;

    /// <summary>The page, its assets and the JSON its page reads: every kind of route the dashboard maps.</summary>
    public static TheoryData<string> DashboardPaths => new()
    {
        "dashboard", "dashboard/", "dashboard/index.html", "dashboard/index.min.js", "dashboard/index.css", "dashboard/favicon.ico",
        "dashboard/img/OrleansLogo.png", "dashboard/fonts/any.woff2", "dashboard/version", "dashboard/DashboardCounters",
        "dashboard/ClusterStats", "dashboard/Reminders", "dashboard/Reminders/2", "dashboard/HistoricalStats/127.0.0.1:1@1",
        "dashboard/SiloProperties/127.0.0.1:1@1", "dashboard/SiloMetadata/127.0.0.1:1@1", "dashboard/SiloStats/127.0.0.1:1@1",
        "dashboard/SiloCounters/127.0.0.1:1@1", "dashboard/GrainStats/Flux.Grains.EntityGrain", "dashboard/TopGrainMethods",
        "dashboard/GrainState?grainId=x&grainType=y", "dashboard/LifecycleStages", "dashboard/GrainTypes", "dashboard/Trace",
    };

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task without_the_admin_token_every_dashboard_route_answers_401_with_a_basic_challenge(string path)
    {
        foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", "wrong-token"), Basic("admin", "wrong-token"), Basic(Admin, "") })
        {
            using var response = await GetAsync(fixture.Server, path, authorization);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic realm=\"Flux dashboard\", charset=\"UTF-8\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal("""{"error":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task with_the_admin_token_as_bearer_or_as_the_basic_password_the_page_and_its_data_answer()
    {
        foreach (var authorization in new[] { new AuthenticationHeaderValue("Bearer", Admin), Basic("anyone", Admin), Basic("", Admin) })
        {
            using var page = await GetAsync(fixture.Server, "dashboard/", authorization);
            using var script = await GetAsync(fixture.Server, "dashboard/index.min.js", authorization);
            using var counters = await GetAsync(fixture.Server, "dashboard/DashboardCounters", authorization);

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            // Right after start-up a cluster's dashboard may know no silo yet: the figures come within a second.
            Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement.GetProperty("hosts").ValueKind);
        }
    }

    [Fact]
    public async Task the_path_without_a_slash_redirects_to_the_page_once_admitted()
    {
        using var response = await GetAsync(fixture.Server, "dashboard", Basic("admin", Admin));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task the_dashboard_lists_the_silos_and_the_flux_grains_that_are_active()
    {
        var name = Ids.Unique("dash");
        var token = Expect.Ok(await fixture.Api.RegisterNamespaceAsync(name, Admin)).Json.GetProperty("token").GetString();
        await fixture.Api.PublishOkAsync($"{name}/sensor-1", FluxApi.Props("a", 1), token);

        // Silos report their figures to the dashboard every second.
        var counters = await Eventually.HoldsAsync(async () =>
            {
                using var response = await GetAsync(fixture.Server, "dashboard/DashboardCounters", new AuthenticationHeaderValue("Bearer", Admin));
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            },
            counters => new[] { "Flux.Grains.EntityGrain", "Flux.Grains.NamespaceGrain" }.All(type => GrainTypes(counters).Contains(type)),
            TimeSpan.FromSeconds(15), "the entity and namespace grains in the dashboard's counters");

        Assert.Equal(Silos(), counters.GetProperty("hosts").EnumerateArray().Count(host => host.GetProperty("status").GetString() == "Active"));
    }

    [Fact]
    public async Task with_no_admin_token_the_dashboard_is_open()
    {
        await using var server = await FluxUnderTest.StartAsync();

        using var page = await GetAsync(server.Server, "dashboard/", null);
        using var counters = await GetAsync(server.Server, "dashboard/DashboardCounters", null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
    }

    /// <summary>The silos behind the server under test: the embedded server is one.</summary>
    private static int Silos() => Environment.GetEnvironmentVariable(FluxUnderTest.ProfileVariable) == "cluster" ? 2 : 1;

    private static HashSet<string> GrainTypes(JsonElement counters) =>
        counters.GetProperty("simpleGrainStats").EnumerateArray().Select(stat => stat.GetProperty("grainType").GetString()!).ToHashSet();

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpResponseMessage> GetAsync(FluxServer server, string path, AuthenticationHeaderValue? authorization)
    {
        // Not FluxServer.Http: it would follow the redirect of /dashboard.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await http.SendAsync(request);
    }
}
