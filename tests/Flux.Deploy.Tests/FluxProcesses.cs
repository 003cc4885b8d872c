using System.Reflection;
using Flux.Configuration;
using Flux.Gateway.Hosting;
using Flux.Silo.Hosting;
using Orleans.Hosting.Kubernetes;

namespace Flux.Deploy.Tests;

/// <summary>The two Flux images (deploy/*.Dockerfile) and the variables the process in each reads.</summary>
public static class FluxProcesses
{
    public const string SiloImage = "flux-silo";
    public const string GatewayImage = "flux-gateway";

    /// <summary>The paths Flux serves for probes (docs/api.md §6.11): liveness and readiness.</summary>
    public const string Liveness = "/healthz";
    public const string Readiness = "/readyz";

    /// <summary>How long a silo may take to drain on SIGTERM (tests/Flux.Functional.Tests/Cluster/ClusterScaleInTests.cs, DrainBound).</summary>
    public static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(15);

    /// <summary>What Orleans' Kubernetes hosting reads in a silo's pod, besides Flux's own settings.</summary>
    public static readonly IReadOnlyList<string> KubernetesHostingVariables =
    [
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    private static readonly IReadOnlySet<string> SiloVariables = Read(typeof(SiloEndpointOptions).Assembly, KubernetesHostingVariables);
    private static readonly IReadOnlySet<string> GatewayVariables = Read(typeof(FluxClusterOptions).Assembly, []);

    /// <summary>The image's name without registry and tag: <c>registry.example.com/flux-silo:1.0</c> is <c>flux-silo</c>.</summary>
    public static string ImageName(string image)
    {
        var name = image[(image.LastIndexOf('/') + 1)..];
        var tag = name.IndexOfAny([':', '@']);
        return tag < 0 ? name : name[..tag];
    }

    public static bool IsFlux(string image) => ImageName(image) is SiloImage or GatewayImage;

    /// <summary>The variables the process of a Flux image reads; null for an image that is not Flux's.</summary>
    public static IReadOnlySet<string>? VariablesReadBy(string image) => ImageName(image) switch
    {
        SiloImage => SiloVariables,
        GatewayImage => GatewayVariables,
        _ => null,
    };

    /// <summary>
    /// Every setting of the process's own assemblies (the <see cref="Settings"/> of each options class), the
    /// config file's variable, and .NET's documented heap limit (README.md, configuration).
    /// </summary>
    private static HashSet<string> Read(Assembly process, IEnumerable<string> more)
    {
        var variables = new HashSet<string>(more, StringComparer.Ordinal) { ConfigFile.Variable, "DOTNET_GCHeapHardLimit" };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([process]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.GetName().Name!))
                continue;
            foreach (var type in assembly.GetTypes())
                variables.UnionWith(Settings.Keys(type));
            foreach (var reference in assembly.GetReferencedAssemblies())
                if (reference.Name!.StartsWith("Flux.", StringComparison.Ordinal))
                    pending.Enqueue(Assembly.Load(reference));
        }
        return variables;
    }
}
