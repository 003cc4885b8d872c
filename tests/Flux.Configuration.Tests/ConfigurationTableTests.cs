using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Flux.Configuration.Tests;

/// <summary>The configuration tables of README.md and docs/api.md §14 name exactly the settings Flux binds, so neither can drift.</summary>
public sealed partial class ConfigurationTableTests
{
    [Theory]
    [InlineData("README.md", "## Configuration")]
    [InlineData("docs/api.md", "### 14.1 ")]
    public void the_configuration_table_lists_every_variable_flux_reads_and_no_other(string document, string section)
    {
        var read = new SortedSet<string>(SettingsHost.OptionsTypes.SelectMany(Settings.Keys), StringComparer.Ordinal) { ConfigFile.Variable };
        var documented = new SortedSet<string>(TableRows(document, section, TableVariable()), StringComparer.Ordinal);

        Assert.True(read.SetEquals(documented),
            $"read but not in {document}: [{string.Join(", ", read.Except(documented))}]; " +
            $"in {document} but not read: [{string.Join(", ", documented.Except(read))}]");
    }

    [Fact]
    public void every_options_class_is_bound_and_validated_by_a_flux_process()
    {
        var processes = SettingsHost.Processes(SettingsHost.Variables());
        foreach (var type in SettingsHost.OptionsTypes)
        {
            var process = SettingsHost.Reading(processes, type);
            Assert.NotEmpty(process.GetServices(typeof(IValidateOptions<>).MakeGenericType(type)));
        }
        foreach (var process in processes)
            process.Dispose();
    }

    [Fact]
    public void the_toml_table_lists_the_original_keys_flux_reads()
    {
        var read = TomlConfigurationProvider.OriginalKeys
            .Select(pair => $"[{pair.Key.Replace(":", "] ", StringComparison.Ordinal)} = {pair.Value}")
            .Order(StringComparer.Ordinal);
        var documented = TableRows("docs/api.md", "### 14.2 ", TomlRow()).Order(StringComparer.Ordinal);

        Assert.Equal(read, documented);
    }

    private static IEnumerable<string> TableRows(string document, string section, Regex row) =>
        File.ReadLines(Path.Combine(RepositoryRoot(), document))
            .SkipWhile(line => !line.StartsWith(section, StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(line => !line.StartsWith('#'))
            .Select(line => row.Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups.Count > 2 ? $"{match.Groups[1].Value} = {match.Groups[2].Value}" : match.Groups[1].Value)
            .ToList();

    /// <summary>A table row naming a Flux variable: <c>| `FLUX_…` |</c> or <c>| `PORT` |</c> (not .NET's own DOTNET_ ones).</summary>
    [GeneratedRegex(@"^\| `((?:FLUX_[A-Z_]+)|PORT)` \|")]
    private static partial Regex TableVariable();

    /// <summary>A row of the TOML table: <c>| `[api] max_batch_delete` | `FLUX_MAX_BATCH_DELETE` |</c>.</summary>
    [GeneratedRegex(@"^\| `(\[[a-z_]+\] [a-z_]+)` \| `(FLUX_[A-Z_]+)` \|")]
    private static partial Regex TomlRow();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                return dir.FullName;
        throw new InvalidOperationException("no Flux.sln above " + AppContext.BaseDirectory);
    }
}
