using System.Net;

namespace Flux.Deploy.Tests.Compose;

/// <summary>
/// What <c>docker-compose config</c> does not check in docker-compose.yml: Flux's services wait for healthy
/// storage, probe paths Flux serves, are given only variables they read, and advertise addresses that are theirs.
/// It reads the file as <c>docker-compose config</c> prints it, anchors merged.
/// </summary>
public static class ComposeCheck
{
    public static IEnumerable<string> All(Node compose) =>
        Dependencies(compose).Concat(HealthChecks(compose)).Concat(VariableNames(compose)).Concat(Addresses(compose));

    /// <summary>A service waits only for services that exist, and for health only where a health check says what healthy is.</summary>
    public static IEnumerable<string> Dependencies(Node compose)
    {
        foreach (var (name, service) in compose["services"].Entries)
            foreach (var (target, condition) in service["depends_on"].Entries)
            {
                if (!compose["services"][target].Exists)
                    yield return $"{name}: depends on {target}, which is not a service";
                else if (condition["condition"].Text == "service_healthy" && !compose["services"][target]["healthcheck"].Exists)
                    yield return $"{name}: waits for {target} to be healthy, which has no health check";
            }
    }

    /// <summary>Every service has a health check; a Flux service's gets /readyz or /healthz on the port it listens on.</summary>
    public static IEnumerable<string> HealthChecks(Node compose)
    {
        foreach (var (name, service) in compose["services"].Entries)
        {
            var test = string.Join(" ", service["healthcheck"]["test"].Items.Select(item => item.Text));
            if (test.Length == 0)
                yield return $"{name}: has no health check";
            else if (FluxProcesses.IsFlux(service["image"].Text ?? "")
                && !new[] { FluxProcesses.Liveness, FluxProcesses.Readiness }.Any(path => test.Contains($"://127.0.0.1:{Port(service)}{path}", StringComparison.Ordinal)))
                yield return $"{name}: health check '{test}' gets neither {FluxProcesses.Readiness} nor {FluxProcesses.Liveness} on port {Port(service)}";
        }
    }

    /// <summary>Every variable a Flux service is given is one its process reads.</summary>
    public static IEnumerable<string> VariableNames(Node compose)
    {
        foreach (var (name, service) in compose["services"].Entries)
            if (FluxProcesses.VariablesReadBy(service["image"].Text ?? "") is { } read)
                foreach (var variable in service["environment"].Entries.Select(entry => entry.Key).Where(variable => !read.Contains(variable)))
                    yield return $"{name}: {variable} is not a variable {FluxProcesses.ImageName(service["image"].Text!)} reads (docs/api.md §14.1)";
    }

    /// <summary>
    /// A silo advertises the fixed address it has on a network whose subnet holds it, one no other silo has;
    /// Flux reaches NATS and PostgreSQL by the names of services.
    /// </summary>
    public static IEnumerable<string> Addresses(Node compose)
    {
        var advertised = new Dictionary<string, string>();
        foreach (var (name, service) in compose["services"].Entries)
        {
            var image = FluxProcesses.ImageName(service["image"].Text ?? "");
            var environment = service["environment"];
            if (image == FluxProcesses.SiloImage)
            {
                var address = environment["FLUX_ADVERTISED_ADDRESS"].Text;
                var network = service["networks"].Entries.FirstOrDefault(n => n.Value["ipv4_address"].Text == address);
                if (address is null || network.Key is null)
                    yield return $"{name}: FLUX_ADVERTISED_ADDRESS={address} is not a fixed address of the service (ipv4_address)";
                else if (!compose["networks"][network.Key]["ipam"]["config"].Items.Any(c => IPNetwork.TryParse(c["subnet"].Text, out var subnet) && subnet.Contains(IPAddress.Parse(address))))
                    yield return $"{name}: {address} is not in a subnet of network {network.Key}";
                else if (!advertised.TryAdd(address, name))
                    yield return $"{name}: advertises {address}, as {advertised[address]} does";
            }
            if (!FluxProcesses.IsFlux(image))
                continue;
            if (!Uri.TryCreate(environment["FLUX_NATS_URL"].Text, UriKind.Absolute, out var nats) || !compose["services"][nats.Host].Exists)
                yield return $"{name}: FLUX_NATS_URL={environment["FLUX_NATS_URL"].Text} does not name a service";
            var postgres = (environment["FLUX_POSTGRES"].Text ?? "").Split(';').Select(part => part.Split('=', 2))
                .FirstOrDefault(pair => pair[0].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase))?[1];
            if (postgres is null || !compose["services"][postgres].Exists)
                yield return $"{name}: FLUX_POSTGRES's Host {postgres} is not a service";
        }
    }

    /// <summary>The port a Flux service listens on: PORT, else Flux's default.</summary>
    public static string Port(Node service) =>
        service["environment"]["PORT"].Text ?? new Flux.Gateway.Configuration.ApiOptions().Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
