namespace Flux.Deploy.Tests;

/// <summary>A temporary copy of a directory, to break on purpose and prove a check notices.</summary>
public sealed class BrokenCopy : IDisposable
{
    public BrokenCopy(string source)
    {
        Path = Directory.CreateTempSubdirectory("flux-deploy-").FullName;
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
    }

    public string Path { get; }

    /// <summary>Replaces text that must occur exactly once, so a break that no longer applies fails rather than proves nothing.</summary>
    public void Replace(string file, string text, string replacement)
    {
        var path = System.IO.Path.Combine(Path, file);
        var content = File.ReadAllText(path);
        var first = content.IndexOf(text, StringComparison.Ordinal);
        if (first < 0 || content.IndexOf(text, first + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException($"{file} holds '{text}' {(first < 0 ? "nowhere" : "more than once")}");
        File.WriteAllText(path, content.Replace(text, replacement, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
