using Flux.Gateway.Configuration;

namespace Flux.Deploy.Tests.Manifests;

/// <summary>
/// The cross-references between Kubernetes objects that field and type checks cannot see (deploy/validate checks
/// those): selectors, ports, probes, targets, and the variables given to Flux's containers. Each check returns
/// the problems it finds, each naming the object and what it refers to.
/// </summary>
public static class ManifestCheck
{
    public static IEnumerable<string> All(IReadOnlyList<Manifest> manifests) =>
        Selectors(manifests).Concat(Ports(manifests)).Concat(Probes(manifests)).Concat(Targets(manifests))
            .Concat(EnvironmentReferences(manifests)).Concat(VariableNames(manifests));

    /// <summary>Workloads select their own pods; Services and disruption budgets select a workload's pods.</summary>
    public static IEnumerable<string> Selectors(IReadOnlyList<Manifest> manifests)
    {
        foreach (var workload in Workloads(manifests))
        {
            var selector = workload.Root["spec"]["selector"]["matchLabels"].Strings;
            if (selector.Count == 0 || !Matches(selector, workload.PodTemplate["metadata"]["labels"].Strings))
                yield return $"{workload.Where}: selector {Show(selector)} does not match its own pod template's labels";
        }
        foreach (var service in manifests.Where(m => m.Kind == "Service" && m.Root["spec"]["selector"].Exists))
        {
            var selector = service.Root["spec"]["selector"].Strings;
            if (!SelectedBy(selector, manifests).Any())
                yield return $"{service.Where}: selector {Show(selector)} matches the pods of no Deployment or StatefulSet";
        }
        foreach (var budget in manifests.Where(m => m.Kind == "PodDisruptionBudget"))
        {
            var selector = budget.Root["spec"]["selector"]["matchLabels"].Strings;
            if (!SelectedBy(selector, manifests).Any())
                yield return $"{budget.Where}: selector {Show(selector)} matches the pods of no Deployment or StatefulSet";
        }
    }

    /// <summary>
    /// A Service's target ports and a probe's port are ports the container declares, and so are the ports a Flux
    /// process listens on (PORT, FLUX_SILO_PORT, FLUX_SILO_GATEWAY_PORT).
    /// </summary>
    public static IEnumerable<string> Ports(IReadOnlyList<Manifest> manifests)
    {
        foreach (var service in manifests.Where(m => m.Kind == "Service" && m.Root["spec"]["selector"].Exists))
            foreach (var workload in SelectedBy(service.Root["spec"]["selector"].Strings, manifests))
                foreach (var port in service.Root["spec"]["ports"].Items)
                {
                    var target = port["targetPort"].Text ?? port["port"].Text ?? "";
                    if (!workload.Containers.Any(container => Declares(container, target)))
                        yield return $"{service.Where}: port {port["name"].Text ?? port["port"].Text} targets {target}, which no container of {workload.Kind}/{workload.Name} declares";
                }
        foreach (var (workload, container) in Containers(manifests))
        {
            foreach (var (kind, probe) in ProbesOf(container))
            {
                var port = probe["httpGet"]["port"].Text ?? probe["tcpSocket"]["port"].Text ?? probe["grpc"]["port"].Text;
                if (port is not null && !Declares(container, port))
                    yield return $"{Where(workload, container)}: {kind} probes port {port}, which the container does not declare";
            }
            if (!FluxProcesses.IsFlux(container["image"].Text ?? ""))
                continue;
            var listens = new[] { ("PORT", new ApiOptions().Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("FLUX_SILO_PORT", null), ("FLUX_SILO_GATEWAY_PORT", null) };
            foreach (var (variable, fallback) in listens)
                if ((Value(container, variable, manifests) ?? fallback) is { } port && !Declares(container, port))
                    yield return $"{Where(workload, container)}: {variable}={port} is not a port the container declares";
        }
    }

    /// <summary>Flux's containers are probed on the paths Flux serves: readiness on /readyz, liveness on /healthz.</summary>
    public static IEnumerable<string> Probes(IReadOnlyList<Manifest> manifests)
    {
        foreach (var (workload, container) in Containers(manifests).Where(c => FluxProcesses.IsFlux(c.Container["image"].Text ?? "")))
        {
            var probes = ProbesOf(container).ToDictionary(p => p.Kind, p => p.Probe["httpGet"]["path"].Text);
            if (probes.GetValueOrDefault("readinessProbe") != FluxProcesses.Readiness)
                yield return $"{Where(workload, container)}: readinessProbe must get {FluxProcesses.Readiness}, not {probes.GetValueOrDefault("readinessProbe") ?? "nothing"}";
            if (probes.GetValueOrDefault("livenessProbe") != FluxProcesses.Liveness)
                yield return $"{Where(workload, container)}: livenessProbe must get {FluxProcesses.Liveness}, not {probes.GetValueOrDefault("livenessProbe") ?? "nothing"}";
            if (probes.TryGetValue("startupProbe", out var startup) && startup is not (FluxProcesses.Liveness or FluxProcesses.Readiness))
                yield return $"{Where(workload, container)}: startupProbe gets {startup ?? "no HTTP path"}, which Flux does not serve";
        }
    }

    /// <summary>What objects name by name exists: autoscaling targets, service accounts, roles, headless Services, volumes.</summary>
    public static IEnumerable<string> Targets(IReadOnlyList<Manifest> manifests)
    {
        foreach (var autoscaler in manifests.Where(m => m.Kind == "HorizontalPodAutoscaler"))
        {
            var target = autoscaler.Root["spec"]["scaleTargetRef"];
            var workload = Find(manifests, target["kind"].Text, target["name"].Text);
            if (workload is null)
            {
                yield return $"{autoscaler.Where}: scales {target["kind"].Text}/{target["name"].Text}, which does not exist";
                continue;
            }
            var resources = autoscaler.Root["spec"]["metrics"].Items.Select(metric => metric["resource"]["name"].Text).OfType<string>();
            foreach (var resource in resources)
                foreach (var container in workload.Containers.Where(c => !c["resources"]["requests"][resource].Exists))
                    yield return $"{autoscaler.Where}: scales on {resource}, but {Where(workload, container)} requests no {resource}";
        }
        foreach (var budget in manifests.Where(m => m.Kind == "PodDisruptionBudget"))
            if (!budget.Root["spec"]["maxUnavailable"].Exists && !budget.Root["spec"]["minAvailable"].Exists)
                yield return $"{budget.Where}: sets neither maxUnavailable nor minAvailable";
        foreach (var set in manifests.Where(m => m.Kind == "StatefulSet"))
            if (Find(manifests, "Service", set.Root["spec"]["serviceName"].Text) is not { } service || service.Root["spec"]["clusterIP"].Text != "None")
                yield return $"{set.Where}: serviceName {set.Root["spec"]["serviceName"].Text} is not a headless Service";
        foreach (var workload in Workloads(manifests))
        {
            var pod = workload.PodTemplate["spec"];
            if (pod["serviceAccountName"].Text is { } account && Find(manifests, "ServiceAccount", account) is null)
                yield return $"{workload.Where}: runs as ServiceAccount {account}, which does not exist";
            var volumes = pod["volumes"].Items.Concat(workload.Root["spec"]["volumeClaimTemplates"].Items.Select(claim => claim["metadata"]))
                .Select(volume => volume["name"].Text).ToHashSet();
            foreach (var volume in pod["volumes"].Items)
            {
                if (volume["configMap"]["name"].Text is { } map && Find(manifests, "ConfigMap", map) is null)
                    yield return $"{workload.Where}: volume {volume["name"].Text} mounts ConfigMap {map}, which does not exist";
                if (volume["secret"]["secretName"].Text is { } secret && Find(manifests, "Secret", secret) is null)
                    yield return $"{workload.Where}: volume {volume["name"].Text} mounts Secret {secret}, which does not exist";
            }
            foreach (var container in pod["containers"].Items)
                foreach (var mount in container["volumeMounts"].Items.Where(mount => !volumes.Contains(mount["name"].Text)))
                    yield return $"{Where(workload, container)}: mounts volume {mount["name"].Text}, which the pod does not have";
        }
        foreach (var binding in manifests.Where(m => m.Kind == "RoleBinding"))
        {
            var role = binding.Root["roleRef"];
            if (role["kind"].Text == "Role" && Find(manifests, "Role", role["name"].Text) is null)
                yield return $"{binding.Where}: binds Role {role["name"].Text}, which does not exist";
            foreach (var subject in binding.Root["subjects"].Items.Where(s => s["kind"].Text == "ServiceAccount"))
                if (Find(manifests, "ServiceAccount", subject["name"].Text) is null)
                    yield return $"{binding.Where}: binds ServiceAccount {subject["name"].Text}, which does not exist";
        }
    }

    /// <summary>Variables taken from a ConfigMap or Secret name one that exists, and a key it has.</summary>
    public static IEnumerable<string> EnvironmentReferences(IReadOnlyList<Manifest> manifests)
    {
        foreach (var (workload, container) in Containers(manifests))
        {
            foreach (var variable in container["env"].Items)
                foreach (var (kind, reference) in new[] { ("ConfigMap", variable["valueFrom"]["configMapKeyRef"]), ("Secret", variable["valueFrom"]["secretKeyRef"]) })
                    if (reference.Exists && reference["optional"].Text != "true" && !Keys(Find(manifests, kind, reference["name"].Text)).Contains(reference["key"].Text ?? ""))
                        yield return $"{Where(workload, container)}: {variable["name"].Text} comes from key {reference["key"].Text} of {kind} {reference["name"].Text}, which has no such key";
            foreach (var source in container["envFrom"].Items)
                foreach (var (kind, reference) in new[] { ("ConfigMap", source["configMapRef"]), ("Secret", source["secretRef"]) })
                    if (reference.Exists && reference["optional"].Text != "true" && Find(manifests, kind, reference["name"].Text) is null)
                        yield return $"{Where(workload, container)}: takes its environment from {kind} {reference["name"].Text}, which does not exist";
        }
    }

    /// <summary>Every variable a Flux container is given is one its process reads: a misspelt name would be ignored silently.</summary>
    public static IEnumerable<string> VariableNames(IReadOnlyList<Manifest> manifests)
    {
        foreach (var (workload, container) in Containers(manifests))
        {
            var image = container["image"].Text ?? "";
            if (FluxProcesses.VariablesReadBy(image) is not { } read)
                continue;
            foreach (var name in VariablesOf(container, manifests).Where(name => !read.Contains(name)))
                yield return $"{Where(workload, container)}: {name} is not a variable {FluxProcesses.ImageName(image)} reads (docs/api.md §14.1)";
        }
    }

    /// <summary>The names a container's environment holds: its own, and every key of the ConfigMaps and Secrets it takes whole.</summary>
    public static IEnumerable<string> VariablesOf(Node container, IReadOnlyList<Manifest> manifests) =>
        container["env"].Items.Select(variable => variable["name"].Text ?? "").Concat(
            container["envFrom"].Items.SelectMany(source =>
                Keys(Find(manifests, "ConfigMap", source["configMapRef"]["name"].Text))
                    .Concat(Keys(Find(manifests, "Secret", source["secretRef"]["name"].Text)))
                    .Select(key => (source["prefix"].Text ?? "") + key)));

    /// <summary>A variable's literal value, or its ConfigMap's; null when it is unset or comes from elsewhere.</summary>
    public static string? Value(Node container, string name, IReadOnlyList<Manifest> manifests)
    {
        var own = container["env"].Items.FirstOrDefault(variable => variable["name"].Text == name);
        if (own.Exists)
        {
            var reference = own["valueFrom"]["configMapKeyRef"];
            return own["value"].Text ?? Find(manifests, "ConfigMap", reference["name"].Text)?.Root["data"][reference["key"].Text ?? ""].Text;
        }
        return container["envFrom"].Items
            .Select(source => Find(manifests, "ConfigMap", source["configMapRef"]["name"].Text))
            .Select(map => map?.Root["data"][name].Text)
            .LastOrDefault(value => value is not null);
    }

    public static IEnumerable<(Manifest Workload, Node Container)> Containers(IEnumerable<Manifest> manifests) =>
        Workloads(manifests).SelectMany(workload => workload.Containers.Select(container => (workload, container)));

    public static IEnumerable<Manifest> SelectedBy(IReadOnlyDictionary<string, string> selector, IEnumerable<Manifest> manifests) =>
        Workloads(manifests).Where(workload => selector.Count > 0 && Matches(selector, workload.PodTemplate["metadata"]["labels"].Strings));

    public static Manifest? Find(IEnumerable<Manifest> manifests, string? kind, string? name) =>
        manifests.FirstOrDefault(m => m.Kind == kind && m.Name == name);

    private static IEnumerable<Manifest> Workloads(IEnumerable<Manifest> manifests) => manifests.Where(m => m.IsWorkload);

    private static IEnumerable<(string Kind, Node Probe)> ProbesOf(Node container) =>
        new[] { "startupProbe", "livenessProbe", "readinessProbe" }.Select(kind => (kind, container[kind])).Where(p => p.Item2.Exists);

    private static bool Declares(Node container, string port) =>
        container["ports"].Items.Any(declared => declared["name"].Text == port || declared["containerPort"].Text == port);

    private static IEnumerable<string> Keys(Manifest? source) =>
        source is null ? [] : source.Root["data"].Entries.Concat(source.Root["stringData"].Entries).Select(entry => entry.Key);

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value);

    private static string Where(Manifest workload, Node container) => $"{workload.Where} container {container["name"].Text}";

    private static string Show(IReadOnlyDictionary<string, string> selector) =>
        selector.Count == 0 ? "{}" : string.Join(",", selector.Select(label => $"{label.Key}={label.Value}"));
}
