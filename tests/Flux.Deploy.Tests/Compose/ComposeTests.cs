using System.Text.RegularExpressions;

namespace Flux.Deploy.Tests.Compose;

public sealed class ComposeTests
{
    private const string Hint = "install Debian's docker-compose: apt-get install -y --no-install-recommends docker-compose (scripts/test does)";
    private const string File = "docker-compose.yml";

    [Fact]
    public async Task docker_compose_accepts_the_file()
    {
        var (exitCode, output) = await ConfigAsync(Repository.PathOf(File), "-q");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task every_dependency_is_a_service_and_waiting_for_health_waits_on_a_health_check() =>
        Assert.Empty(ComposeCheck.Dependencies(await ResolvedAsync()));

    [Fact]
    public async Task every_service_checks_its_health_and_flux_services_on_paths_flux_serves() =>
        Assert.Empty(ComposeCheck.HealthChecks(await ResolvedAsync()));

    [Fact]
    public async Task every_variable_given_to_a_flux_service_is_one_its_process_reads() =>
        Assert.Empty(ComposeCheck.VariableNames(await ResolvedAsync()));

    [Fact]
    public async Task each_silo_advertises_its_own_fixed_address_and_flux_finds_nats_and_postgres_by_service_name() =>
        Assert.Empty(ComposeCheck.Addresses(await ResolvedAsync()));

    [Fact]
    public async Task two_silos_and_a_gateway_on_port_3000_wait_for_healthy_nats_and_postgres_on_named_volumes()
    {
        var compose = await ResolvedAsync();
        var services = compose["services"].Entries.ToList();
        var flux = services.Where(s => FluxProcesses.IsFlux(s.Value["image"].Text ?? "")).ToList();
        var gateway = Assert.Single(flux, s => FluxProcesses.ImageName(s.Value["image"].Text!) == FluxProcesses.GatewayImage).Value;

        Assert.Equal(2, flux.Count(s => FluxProcesses.ImageName(s.Value["image"].Text!) == FluxProcesses.SiloImage));
        Assert.Contains(gateway["ports"].Items, port => port["published"].Text == "3000" && port["target"].Text == ComposeCheck.Port(gateway));
        Assert.All(flux, s =>
        {
            Assert.Equal("service_healthy", s.Value["depends_on"]["nats"]["condition"].Text);
            Assert.Equal("service_healthy", s.Value["depends_on"]["postgres"]["condition"].Text);
        });
        foreach (var (service, path) in new[] { ("nats", "/data"), ("postgres", "/var/lib/postgresql/data") })
        {
            var volume = Assert.Single(compose["services"][service]["volumes"].Items, v => v.Text!.Split(':')[1] == path).Text!.Split(':')[0];
            Assert.True(compose["volumes"][volume].Value is not null || compose["volumes"].Entries.Any(v => v.Key == volume), $"{service} keeps {path} in {volume}, not a named volume");
        }
    }

    [Fact]
    public async Task nats_reads_its_config_from_deploy_and_the_config_states_sync_interval()
    {
        var nats = (await ResolvedAsync())["services"]["nats"];
        var config = nats["command"].Items.Select(item => item.Text).SkipWhile(argument => argument != "--config").ElementAt(1);
        var mount = Assert.Single(nats["volumes"].Items, volume => volume.Text!.Split(':')[1] == config).Text!.Split(':')[0];

        Assert.StartsWith(Repository.PathOf("deploy") + "/", mount);
        Assert.Matches(new Regex(@"(?m)^\s*sync_interval:\s*\S+"), System.IO.File.ReadAllText(mount));
    }

    [Fact]
    public async Task a_silo_has_longer_than_its_drain_before_compose_kills_it()
    {
        var silos = (await ResolvedAsync())["services"].Entries.Where(s => FluxProcesses.ImageName(s.Value["image"].Text ?? "") == FluxProcesses.SiloImage).ToList();

        Assert.NotEmpty(silos);
        Assert.All(silos, silo => Assert.True(
            TimeSpan.FromSeconds(int.Parse(silo.Value["stop_grace_period"].Text?.TrimEnd('s') ?? "10", System.Globalization.CultureInfo.InvariantCulture)) > FluxProcesses.DrainBound,
            $"{silo.Key}: stop_grace_period {silo.Value["stop_grace_period"].Text ?? "10s (the default)"} is not longer than the {FluxProcesses.DrainBound.TotalSeconds} s drain bound"));
    }

    [Fact]
    public async Task the_checks_name_a_missing_dependency_a_misspelt_variable_and_a_shared_address()
    {
        var broken = Path.Combine(Directory.CreateTempSubdirectory("flux-compose-").FullName, File);
        var text = System.IO.File.ReadAllText(Repository.PathOf(File));
        System.IO.File.WriteAllText(broken, text
            .Replace("FLUX_CLUSTER_ID: flux", "FLUX_CLUSTR_ID: flux", StringComparison.Ordinal)
            .Replace("FLUX_ADVERTISED_ADDRESS: 172.28.0.12", "FLUX_ADVERTISED_ADDRESS: 172.28.0.11", StringComparison.Ordinal));
        var missing = Path.Combine(Path.GetDirectoryName(broken)!, "missing.yml");
        System.IO.File.WriteAllText(missing, text.Replace("    postgres:\n      condition: service_healthy", "    postgress:\n      condition: service_healthy", StringComparison.Ordinal));
        try
        {
            var problems = ComposeCheck.All(await ResolvedAsync(broken)).ToList();
            var (exitCode, output) = await ConfigAsync(missing, "-q");

            Assert.Contains("gateway: FLUX_CLUSTR_ID is not a variable flux-gateway reads (docs/api.md §14.1)", problems);
            Assert.Contains("silo-2: FLUX_ADVERTISED_ADDRESS=172.28.0.11 is not a fixed address of the service (ipv4_address)", problems);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("postgress", output);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        }
    }

    // docker-compose takes about a second to start: the file is resolved once for every test that only reads it.
    private static readonly Lazy<Task<Node>> Resolved = new(() => ResolvedAsync(Repository.PathOf(File)));

    private static Task<Node> ResolvedAsync() => Resolved.Value;

    private static async Task<Node> ResolvedAsync(string file)
    {
        var (exitCode, output) = await ConfigAsync(file);
        Assert.True(exitCode == 0, output);
        return Node.ReadAll(output)[0];
    }

    /// <summary>docker-compose config, resolving the file's relative paths against the repository as for the real one.</summary>
    private static Task<(int ExitCode, string Output)> ConfigAsync(string file, params string[] options) =>
        Tool.RunAsync("docker-compose", Hint, ["-f", file, "--project-directory", Repository.Root, "config", .. options]);
}
