namespace Flux.Testing;

/// <summary>
/// Finds a built Flux process (Flux.Silo.dll, or the cluster's Flux.Gateway.dll): in the output of
/// <c>scripts/publish</c> when <c>FLUX_PUBLISHED</c> names it (what is deployed, compiled ahead); else next to the
/// tests when the build copied it there with its runtimeconfig, otherwise under src/&lt;name&gt;/bin of the
/// repository the tests were built from.
/// </summary>
public static class ServerBinary
{
    public const string Silo = "Flux.Silo";
    public const string Gateway = "Flux.Gateway";
    public const string PublishedVariable = "FLUX_PUBLISHED";

    public static string Locate(string name = Silo)
    {
        if (Environment.GetEnvironmentVariable(PublishedVariable) is { Length: > 0 } published)
        {
            var dir = Path.Combine(published, name == Silo ? "silo" : "gateway");
            return IsRunnable(dir, name) ? Path.Combine(dir, name + ".dll")
                : throw new FileNotFoundException($"{PublishedVariable}={published} holds no {name}.dll in {dir}; run scripts/publish {published}");
        }

        var here = AppContext.BaseDirectory;
        if (IsRunnable(here, name))
            return Path.Combine(here, name + ".dll");

        var configuration = new DirectoryInfo(here).Parent?.Parent?.Name ?? "Release";
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                continue;
            foreach (var config in new[] { configuration, "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", name, "bin", config, "net10.0");
                if (IsRunnable(candidate, name))
                    return Path.Combine(candidate, name + ".dll");
            }
            break;
        }
        throw new FileNotFoundException(
            $"{name}.dll with its runtimeconfig.json was found neither in {here} nor under src/{name}/bin; build the solution first.");
    }

    private static bool IsRunnable(string dir, string name) =>
        File.Exists(Path.Combine(dir, name + ".dll")) && File.Exists(Path.Combine(dir, name + ".runtimeconfig.json"));
}
