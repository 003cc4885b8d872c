using Flux.Gateway.Hosting;
using Orleans.Hosting.Kubernetes;

namespace Flux.Deploy.Tests.Manifests;

public sealed class KubernetesManifestTests
{
    private const string NpmHint = "run `npm ci` in deploy/validate (scripts/test does; node 20 and npm are needed)";
    private const string KubectlHint = "install kubectl (scripts/test installs Debian's kubernetes-client when kubectl is missing)";

    private static readonly string Directory = Repository.PathOf("deploy/kubernetes");
    private static readonly IReadOnlyList<Manifest> Manifests = Manifest.LoadKustomization(Directory);

    [Fact]
    public async Task every_manifest_has_only_fields_and_types_kubernetes_knows()
    {
        var (exitCode, output) = await CheckTypesAsync(Directory, Manifest.Resources(Directory));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{Manifests.Count} documents in {Manifest.Resources(Directory).Count} files checked against kubernetes-types, 0 problems", output);
    }

    [Fact]
    public async Task the_type_check_names_a_misspelt_field_and_a_value_of_the_wrong_type()
    {
        using var copy = new BrokenCopy(Directory);
        copy.Replace("silo.yaml", "  replicas: 3\n", "  replicass: 3\n");
        copy.Replace("gateway.yaml", "containerPort: 3000", "containerPort: \"3000\"");

        var (exitCode, output) = await CheckTypesAsync(copy.Path, ["silo.yaml", "gateway.yaml"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("silo.yaml: Deployment/flux-silo (document 4): at \"replicass\": 3: TS2353: Object literal may only specify known properties, and '\"replicass\"' does not exist in type 'DeploymentSpec'", output);
        Assert.Contains("gateway.yaml: Deployment/flux-gateway (document 1): at \"containerPort\": \"3000\": TS2322: Type 'string' is not assignable to type 'number'", output);
    }

    [Fact]
    public async Task kustomize_renders_every_object_the_manifests_hold_into_the_flux_namespace()
    {
        var (exitCode, output) = await Tool.RunAsync("kubectl", KubectlHint, "kustomize", "deploy/kubernetes");

        Assert.True(exitCode == 0, output);
        var rendered = Node.ReadAll(output).Where(document => document.Exists).Select(document => new Manifest("rendered", document)).ToList();
        Assert.Equal(Manifests.Select(m => $"{m.Kind}/{m.Name}").Order(), rendered.Select(m => $"{m.Kind}/{m.Name}").Order());
        Assert.All(rendered.Where(m => m.Kind != "Namespace"), m => Assert.Equal("flux", m.Root["metadata"]["namespace"].Text));
    }

    [Fact]
    public void every_yaml_file_in_the_directory_is_listed_in_the_kustomization()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.yaml").Select(Path.GetFileName).Where(name => name != "kustomization.yaml");

        Assert.Equal(files.Order(), Manifest.Resources(Directory).Order());
    }

    [Fact]
    public void services_budgets_and_workloads_select_the_pods_of_a_workload() =>
        Assert.Empty(ManifestCheck.Selectors(Manifests));

    [Fact]
    public void service_targets_probes_and_flux_listeners_use_ports_the_containers_declare() =>
        Assert.Empty(ManifestCheck.Ports(Manifests));

    [Fact]
    public void flux_containers_are_probed_for_readiness_on_readyz_and_liveness_on_healthz() =>
        Assert.Empty(ManifestCheck.Probes(Manifests));

    [Fact]
    public void autoscalers_accounts_roles_headless_services_and_volumes_name_objects_that_exist() =>
        Assert.Empty(ManifestCheck.Targets(Manifests));

    [Fact]
    public void variables_from_config_maps_and_secrets_name_keys_that_exist() =>
        Assert.Empty(ManifestCheck.EnvironmentReferences(Manifests));

    [Fact]
    public void every_variable_given_to_a_flux_container_is_one_its_process_reads() =>
        Assert.Empty(ManifestCheck.VariableNames(Manifests));

    [Fact]
    public void the_cross_reference_check_names_a_selector_that_matches_nothing_and_a_misspelt_variable()
    {
        using var copy = new BrokenCopy(Directory);
        copy.Replace("gateway.yaml", "  selector:\n    app.kubernetes.io/name: flux-gateway\n", "  selector:\n    app.kubernetes.io/name: flux-gatway\n");
        copy.Replace("silo.yaml", "- name: FLUX_SILO_PORT", "- name: FLUX_SILO_PROT");

        var problems = ManifestCheck.All(Manifest.LoadKustomization(copy.Path)).ToList();

        Assert.Contains("gateway.yaml: Service/flux-gateway: selector app.kubernetes.io/name=flux-gatway matches the pods of no Deployment or StatefulSet", problems);
        Assert.Contains("silo.yaml: Deployment/flux-silo container silo: FLUX_SILO_PROT is not a variable flux-silo reads (docs/api.md §14.1)", problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void silo_pods_carry_what_orleans_kubernetes_hosting_needs()
    {
        var silo = Workload(FluxProcesses.SiloImage);
        var container = silo.Containers.Single();
        var labels = silo.PodTemplate["metadata"]["labels"].Strings;
        var env = container["env"].Items.ToDictionary(variable => variable["name"].Text!, variable => variable["valueFrom"]["fieldRef"]["fieldPath"].Text);

        Assert.Equal(FluxClusterOptions.ServiceId, labels[KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(ManifestCheck.Value(container, "FLUX_CLUSTER_ID", Manifests) ?? new FluxClusterOptions().ClusterId, labels[KubernetesHostingOptions.ClusterIdLabel]);
        Assert.Equal("metadata.namespace", env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]);
        Assert.Equal("metadata.name", env[KubernetesHostingOptions.PodNameEnvironmentVariable]);
        Assert.Equal("status.podIP", env[KubernetesHostingOptions.PodIPEnvironmentVariable]);
        Assert.Equal("status.podIP", env["FLUX_ADVERTISED_ADDRESS"]);
    }

    [Fact]
    public void the_silo_service_account_may_read_watch_label_and_delete_pods()
    {
        var account = Workload(FluxProcesses.SiloImage).PodTemplate["spec"]["serviceAccountName"].Text;
        var binding = Manifests.Single(m => m.Kind == "RoleBinding" && m.Root["subjects"].Items.Any(s => s["name"].Text == account));
        var role = ManifestCheck.Find(Manifests, "Role", binding.Root["roleRef"]["name"].Text)!;
        var verbs = role.Root["rules"].Items.Where(rule => rule["resources"].Items.Any(r => r.Text == "pods") && rule["apiGroups"].Items.Any(g => g.Text == ""))
            .SelectMany(rule => rule["verbs"].Items.Select(verb => verb.Text));

        Assert.Equal(["delete", "get", "list", "patch", "watch"], verbs.Order());
    }

    [Fact]
    public void a_silo_has_longer_than_its_pre_stop_pause_and_its_drain_before_kubernetes_kills_it()
    {
        var silo = Workload(FluxProcesses.SiloImage);
        var grace = int.Parse(silo.PodTemplate["spec"]["terminationGracePeriodSeconds"].Text!, System.Globalization.CultureInfo.InvariantCulture);
        var pause = int.Parse(silo.Containers.Single()["lifecycle"]["preStop"]["sleep"]["seconds"].Text!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(grace > pause + FluxProcesses.DrainBound.TotalSeconds, $"terminationGracePeriodSeconds {grace} <= preStop {pause} s + drain bound {FluxProcesses.DrainBound.TotalSeconds} s");
    }

    [Fact]
    public void nats_runs_three_clustered_jetstream_servers_with_a_stated_sync_interval_and_flux_asks_for_three_replicas()
    {
        var nats = Manifests.Single(m => m.Kind == "StatefulSet" && m.Name == "nats");
        var config = ManifestCheck.Find(Manifests, "ConfigMap", "nats")!.Root["data"]["nats.conf"].Text!;
        var silo = Workload(FluxProcesses.SiloImage).Containers.Single();

        Assert.Equal("3", nats.Root["spec"]["replicas"].Text);
        Assert.Matches(@"(?m)^\s*sync_interval:\s*\S+", config);
        Assert.Contains("cluster {", config);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(config, @"nats://nats-\d\.nats-cluster:6222").Count);
        Assert.Equal("3", ManifestCheck.Value(silo, "FLUX_NATS_REPLICAS", Manifests));
    }

    [Fact]
    public void the_gateways_scale_on_cpu_behind_a_service_and_a_disruption_budget()
    {
        var gateway = Workload(FluxProcesses.GatewayImage);

        Assert.Contains(Manifests, m => m.Kind == "HorizontalPodAutoscaler" && m.Root["spec"]["scaleTargetRef"]["name"].Text == gateway.Name);
        Assert.Contains(Manifests, m => m.Kind == "Service" && ManifestCheck.SelectedBy(m.Root["spec"]["selector"].Strings, Manifests).Contains(gateway));
        Assert.Contains(Manifests, m => m.Kind == "PodDisruptionBudget" && ManifestCheck.SelectedBy(m.Root["spec"]["selector"]["matchLabels"].Strings, Manifests).Contains(gateway));
    }

    private static Manifest Workload(string image) =>
        Manifests.Single(m => m.IsWorkload && m.Containers.Any(c => FluxProcesses.ImageName(c["image"].Text ?? "") == image));

    private static Task<(int ExitCode, string Output)> CheckTypesAsync(string directory, IEnumerable<string> files)
    {
        if (!File.Exists(Repository.PathOf("deploy/validate/node_modules/typescript/package.json")))
            throw new InvalidOperationException($"deploy/validate/node_modules is missing: {NpmHint}");
        return Tool.RunAsync("node", NpmHint, [Repository.PathOf("deploy/validate/check-types.mjs"), .. files.Select(file => Path.Combine(directory, file))]);
    }
}
