using System.Text.RegularExpressions;
using Flux.Gateway.Configuration;

namespace Flux.Gateway.Tests.Configuration;

/// <summary>The configuration tables of README.md and docs/api.md §14.1 name exactly the variables Flux reads, so neither can drift.</summary>
public sealed partial class ConfigurationTableTests
{
    [Theory]
    [InlineData("README.md", "## Configuration")]
    [InlineData("docs/api.md", "### 14.1 ")]
    public void the_configuration_table_lists_every_variable_flux_reads_and_no_other(string document, string section)
    {
        var read = new SortedSet<string>(StringComparer.Ordinal);
        FluxOptions.Load(name =>
        {
            read.Add(name);
            return null;
        });

        var documented = new SortedSet<string>(
            File.ReadLines(Path.Combine(RepositoryRoot(), document))
                .SkipWhile(line => !line.StartsWith(section, StringComparison.Ordinal))
                .Skip(1)
                .TakeWhile(line => !line.StartsWith('#'))
                .Select(line => TableVariable().Match(line))
                .Where(match => match.Success)
                .Select(match => match.Groups[1].Value),
            StringComparer.Ordinal);

        Assert.True(read.SetEquals(documented),
            $"read but not in {document}: [{string.Join(", ", read.Except(documented))}]; " +
            $"in {document} but not read: [{string.Join(", ", documented.Except(read))}]");
    }

    /// <summary>A table row naming a Flux variable: <c>| `FLUX_…` |</c> or <c>| `PORT` |</c> (not .NET's own DOTNET_ ones).</summary>
    [GeneratedRegex(@"^\| `((?:FLUX_[A-Z_]+)|PORT)` \|")]
    private static partial Regex TableVariable();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                return dir.FullName;
        throw new InvalidOperationException("no Flux.sln above " + AppContext.BaseDirectory);
    }
}
