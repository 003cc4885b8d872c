namespace Flux.Deploy.Tests.Manifests;

/// <summary>One Kubernetes object of deploy/kubernetes, with the file it came from.</summary>
public sealed record Manifest(string File, Node Root)
{
    public string Kind => Root["kind"].Text ?? "";

    public string Name => Root["metadata"]["name"].Text ?? "";

    /// <summary>How a problem names it: <c>silo.yaml: Deployment/flux-silo</c>.</summary>
    public string Where => $"{File}: {Kind}/{Name}";

    public bool IsWorkload => Kind is "Deployment" or "StatefulSet";

    public Node PodTemplate => Root["spec"]["template"];

    public IEnumerable<Node> Containers => PodTemplate["spec"]["containers"].Items;

    /// <summary>The objects of the files a kustomization lists under <c>resources</c>, in its order.</summary>
    public static IReadOnlyList<Manifest> LoadKustomization(string directory) =>
        [.. Resources(directory).SelectMany(file =>
            Node.ReadAll(System.IO.File.ReadAllText(Path.Combine(directory, file)))
                .Where(document => document.Exists)
                .Select(document => new Manifest(file, document)))];

    public static IReadOnlyList<string> Resources(string directory) =>
        [.. Node.ReadAll(System.IO.File.ReadAllText(Path.Combine(directory, "kustomization.yaml")))[0]["resources"].Items.Select(item => item.Text!)];
}
