namespace Flux.Deploy.Tests.Docker;

/// <summary>A Dockerfile's instructions, continuation lines joined and comments dropped.</summary>
public sealed record Dockerfile(string Name, IReadOnlyList<(string Keyword, string Arguments)> Instructions)
{
    public static Dockerfile Load(string relative)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(Repository.PathOf(relative)))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
                continue;
            pending += line.TrimEnd('\\').Trim() + " ";
            if (line.EndsWith('\\'))
                continue;
            var parts = pending.Trim().Split(' ', 2);
            instructions.Add((parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : ""));
            pending = "";
        }
        return new Dockerfile(relative, instructions);
    }

    /// <summary>The final stage: the instructions from the last FROM on, which make the image.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> Runtime =>
        [.. Instructions.Skip(Instructions.ToList().FindLastIndex(i => i.Keyword == "FROM"))];

    public IEnumerable<string> Arguments(string keyword, IEnumerable<(string Keyword, string Arguments)>? stage = null) =>
        (stage ?? Instructions).Where(i => i.Keyword == keyword).Select(i => i.Arguments);
}
