namespace Flux.Functional.Tests.Hosting;

/// <summary>
/// Finds the built Flux.Silo.dll: next to the tests when the build copied it there with its
/// runtimeconfig, otherwise under src/Flux.Silo/bin of the repository the tests were built from.
/// </summary>
public static class ServerBinary
{
    public static string Locate()
    {
        var here = AppContext.BaseDirectory;
        if (IsRunnable(here))
            return Path.Combine(here, "Flux.Silo.dll");

        var configuration = new DirectoryInfo(here).Parent?.Parent?.Name ?? "Release";
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                continue;
            foreach (var config in new[] { configuration, "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", "Flux.Silo", "bin", config, "net10.0");
                if (IsRunnable(candidate))
                    return Path.Combine(candidate, "Flux.Silo.dll");
            }
            break;
        }
        throw new FileNotFoundException(
            $"Flux.Silo.dll with its runtimeconfig.json was found neither in {here} nor under src/Flux.Silo/bin; build the solution first.");
    }

    private static bool IsRunnable(string dir) =>
        File.Exists(Path.Combine(dir, "Flux.Silo.dll")) && File.Exists(Path.Combine(dir, "Flux.Silo.runtimeconfig.json"));
}
