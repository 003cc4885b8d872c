using System.Globalization;
using System.Text;

namespace Flux.Gateway.Configuration;

/// <summary>
/// The optional TOML file named by <c>FLUX_CONFIG</c> (docs/api.md §14.2). Flux reads the subset its
/// settings use: <c>[section]</c> headers, <c>key = value</c> with integers, floats, booleans, basic
/// strings and arrays of those, and <c>#</c> comments. Anything else is an error naming the line,
/// so a broken file stops start-up instead of silently meaning "all defaults".
/// </summary>
public sealed class ConfigFile
{
    private readonly Dictionary<string, string> _values;

    private ConfigFile(Dictionary<string, string> values) => _values = values;

    public static ConfigFile Empty { get; } = new([]);

    /// <summary>The value at <c>section.key</c> as plain text (strings unquoted), or null when absent.</summary>
    public string? this[string dottedKey] => _values.GetValueOrDefault(dottedKey);

    public static ConfigFile Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (IOException e)
        {
            throw new ConfigurationException($"the config file {path} cannot be read ({e.Message}); FLUX_CONFIG names it");
        }
    }

    public static ConfigFile Parse(string text, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = "";
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(rawLine).Trim();
            if (line.Length == 0)
                continue;
            if (line[0] == '[')
            {
                if (line[^1] != ']' || line.Length < 3)
                    throw Error(source, lineNumber, "a section header is [name]");
                section = line[1..^1].Trim();
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw Error(source, lineNumber, "expected key = value");
            var key = line[..equals].Trim();
            var value = ParseValue(line[(equals + 1)..].Trim(), source, lineNumber);
            if (!values.TryAdd(section.Length == 0 ? key : $"{section}.{key}", value))
                throw Error(source, lineNumber, $"'{key}' is set twice");
        }
        return new ConfigFile(values);
    }

    private static string ParseValue(string text, string source, int line)
    {
        if (text.Length == 0)
            throw Error(source, line, "a value is missing");
        if (text[0] == '"')
        {
            if (text.Length < 2 || text[^1] != '"')
                throw Error(source, line, "an unterminated string");
            return Unescape(text[1..^1], source, line);
        }
        if (text[0] == '[')
        {
            if (text[^1] != ']')
                throw Error(source, line, "an unterminated array");
            var items = text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return string.Join(',', items.Select(item => ParseValue(item, source, line)));
        }
        if (text is "true" or "false")
            return text;
        var number = text.Replace("_", "", StringComparison.Ordinal);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return number;
        throw Error(source, line, $"'{text}' is not a value Flux reads (number, boolean, \"string\" or [array])");
    }

    private static string Unescape(string text, string source, int line)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }
            if (++i == text.Length)
                throw Error(source, line, "a string ends in a lone backslash");
            result.Append(text[i] switch
            {
                'n' => '\n',
                't' => '\t',
                '"' => '"',
                '\\' => '\\',
                _ => throw Error(source, line, $"unsupported escape \\{text[i]}"),
            });
        }
        return result.ToString();
    }

    private static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"' && (i == 0 || line[i - 1] != '\\'))
                inString = !inString;
            else if (line[i] == '#' && !inString)
                return line[..i];
        }
        return line;
    }

    private static ConfigurationException Error(string source, int line, string message) =>
        new($"{source}, line {line}: {message}");
}
