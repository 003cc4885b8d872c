using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Flux.Configuration;

/// <summary>
/// The optional TOML file (docs/api.md §14.2): <c>FLUX_CONFIG</c> names it, else <c>./config.toml</c> is read
/// when present. It is the lowest-precedence source: the environment overrides it, the command line overrides both.
/// </summary>
public static class ConfigFile
{
    public const string Variable = "FLUX_CONFIG";
    public const string DefaultPath = "config.toml";

    /// <summary>Reads the file now (a malformed or missing named file throws) and puts it beneath every other source.</summary>
    public static IConfigurationManager AddFluxConfigFile(this IConfigurationManager configuration)
    {
        var named = configuration[Variable];
        var path = string.IsNullOrEmpty(named) ? DefaultPath : named;
        configuration.Sources.Insert(0, new TomlConfigurationSource(path, Optional: string.IsNullOrEmpty(named)));
        return configuration;
    }
}

/// <summary>A TOML file as configuration: <c>[section] key</c> becomes <c>section:key</c>, array items <c>key:0</c>.</summary>
public sealed record TomlConfigurationSource(string Path, bool Optional) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new TomlConfigurationProvider(Path, Optional);
}

public sealed class TomlConfigurationProvider(string path, bool optional) : ConfigurationProvider
{
    /// <summary>The original's keys, read as the variables they have always set. A top-level <c>FLUX_…</c> key sets its variable directly.</summary>
    public static readonly IReadOnlyDictionary<string, string> OriginalKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["api:max_batch_delete"] = "FLUX_MAX_BATCH_DELETE",
        ["metrics:broadcast_interval_seconds"] = "FLUX_METRICS_INTERVAL_SECONDS",
        ["metrics:active_publisher_window_seconds"] = "FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS",
        ["nats:max_age_days"] = "FLUX_EVENT_RETENTION_DAYS",
        ["nats:max_bytes"] = "FLUX_EVENT_RETENTION_BYTES",
    };

    public override void Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (optional && e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"the config file {path} cannot be read ({e.Message}); {ConfigFile.Variable} names it");
        }
        Data = Parse(text, path);
    }

    /// <summary>The file's values by configuration key; a file that is not valid TOML is refused naming the line.</summary>
    public static Dictionary<string, string?> Parse(string text, string source)
    {
        TomlTable table;
        try
        {
            SyntaxParser.ParseStrict(text, source); // refuses what the model reader lets through, such as a key set twice
            table = TomlSerializer.Deserialize<TomlTable>(text) ?? [];
        }
        catch (TomlException e) when (e.Diagnostics is { Count: > 0 } diagnostics)
        {
            throw new ConfigurationException($"{source}, line {diagnostics[0].Span.Start.Line + 1}: {diagnostics[0].Message}");
        }
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(table, "", data);
        foreach (var (original, variable) in OriginalKeys)
            if (data.TryGetValue(original, out var value))
                data.TryAdd(variable, value);
        return data;
    }

    private static void Flatten(object? node, string key, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case TomlTable table:
                foreach (var (name, value) in table)
                    Flatten(value, key.Length == 0 ? name : $"{key}:{name}", data);
                break;
            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                    Flatten(array[i], $"{key}:{i}", data);
                break;
            case TomlTableArray tables:
                for (var i = 0; i < tables.Count; i++)
                    Flatten(tables[i], $"{key}:{i}", data);
                break;
            case bool flag:
                data[key] = flag ? "true" : "false";
                break;
            default:
                data[key] = System.Convert.ToString(node, CultureInfo.InvariantCulture);
                break;
        }
    }
}
