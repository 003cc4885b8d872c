namespace Flux.Testing;

/// <summary>The checkout the tests were built from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                return dir.FullName;
        throw new InvalidOperationException("no Flux.sln above " + AppContext.BaseDirectory);
    }
}
