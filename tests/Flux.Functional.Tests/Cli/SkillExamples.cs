using System.Text.RegularExpressions;

namespace Flux.Functional.Tests.Cli;

/// <summary>One example command of skills/flux/SKILL.md and the exit status it documents.</summary>
public sealed record SkillExample(int Line, string CommandLine, int ExpectedExit)
{
    /// <summary>The CLI command the example runs (`publish`, `watch`, …).</summary>
    public string Command => SkillExamples.Invocation.Match(CommandLine).Groups[1].Value;

    public override string ToString() => $"SKILL.md line {Line}: {CommandLine}";
}

/// <summary>
/// The extraction rule SKILL.md states in its opening comment: inside ```bash fences, blank lines
/// and lines starting with # are skipped; every other line starts an example that continues while
/// it ends with a backslash or a single quote is still open. An example ending in a comment
/// "# exit N" documents a failure with exit status N; every other one must succeed.
/// </summary>
public static partial class SkillExamples
{
    [GeneratedRegex(@"\./scripts/flux\.sh\s+([a-z-]+)")]
    internal static partial Regex InvocationPattern();

    [GeneratedRegex(@"\s#\s*exit\s+(\d+)\b[^']*$")]
    private static partial Regex ExpectedExitPattern();

    internal static Regex Invocation => InvocationPattern();

    public static IReadOnlyList<SkillExample> Read(string markdown)
    {
        var examples = new List<SkillExample>();
        string? fence = null;
        (int Line, List<string> Lines)? open = null;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (open is null && line.StartsWith("```", StringComparison.Ordinal))
            {
                fence = fence is null ? line[3..].Trim() : null;
                continue;
            }
            if (fence != "bash")
                continue;
            if (open is null)
            {
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                    continue;
                open = (i + 1, []);
            }
            open.Value.Lines.Add(line);
            var command = string.Join('\n', open.Value.Lines);
            if (line.EndsWith('\\') || command.Count(c => c == '\'') % 2 == 1)
                continue;
            var expected = ExpectedExitPattern().Match(command);
            examples.Add(new SkillExample(open.Value.Line, command, expected.Success ? int.Parse(expected.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0));
            open = null;
        }
        if (open is not null)
            throw new InvalidOperationException($"SKILL.md line {open.Value.Line}: the example never ends (unbalanced quote or trailing backslash)");
        if (fence is not null)
            throw new InvalidOperationException("SKILL.md: a fenced block is never closed");
        return examples;
    }
}
