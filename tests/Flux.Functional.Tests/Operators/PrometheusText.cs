using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Flux.Functional.Tests.Operators;

/// <summary>One sample of a Prometheus text exposition: series name, labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4 (prometheus.io, "Exposition formats"): every line is a
/// <c># HELP</c>, a <c># TYPE</c>, another comment or a sample; a family's TYPE comes once and before its samples;
/// a sample belongs to a declared family (a histogram's through <c>_bucket</c>, <c>_sum</c> and <c>_count</c>); no
/// series is written twice. Anything else throws, naming the line.
/// </summary>
public static partial class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var lines = text.Split('\n');
        Assert.True(text.EndsWith('\n'), "the exposition must end with a line feed");
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            if (line.StartsWith('#'))
            {
                var type = TypeLine().Match(line);
                if (type.Success)
                {
                    Assert.True(Types.Contains(type.Groups[2].Value), $"line {n + 1}: unknown type: {line}");
                    Assert.True(types.TryAdd(type.Groups[1].Value, type.Groups[2].Value), $"line {n + 1}: a second TYPE for {type.Groups[1].Value}");
                }
                else if (line.StartsWith("# TYPE", StringComparison.Ordinal) || (line.StartsWith("# HELP", StringComparison.Ordinal) && !HelpLine().IsMatch(line)))
                    Assert.Fail($"line {n + 1}: malformed metadata: {line}");
                continue;
            }
            Assert.False(string.IsNullOrWhiteSpace(line), $"line {n + 1} is empty");
            var sample = ParseSample(line, n + 1);
            Assert.True(FamilyOf(sample.Name, types) is not null, $"line {n + 1}: {sample.Name} belongs to no family declared before it");
            Assert.True(series.Add(line[..line.LastIndexOf(' ')]), $"line {n + 1}: series written twice: {line}");
            samples.Add(sample);
        }
        return samples;
    }

    /// <summary>The one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>' (all of them when none are given, summed).</summary>
    public static double Sum(this IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
            return name;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type) && type is "histogram" or "summary")
                return name[..^suffix.Length];
        return null;
    }

    private static PrometheusSample ParseSample(string line, int number)
    {
        var name = MetricName().Match(line);
        Assert.True(name.Success, $"line {number}: no metric name: {line}");
        var at = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (at < line.Length && line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var label = LabelName().Match(line, at);
                Assert.True(label.Success && label.Index == at, $"line {number}: bad label name at {at}: {line}");
                at += label.Length;
                Assert.True(line[at] == '=' && line[at + 1] == '"', $"line {number}: expected =\" at {at}: {line}");
                at += 2;
                var value = new StringBuilder();
                for (; line[at] != '"'; at++)
                {
                    if (line[at] == '\\')
                    {
                        at++;
                        value.Append(line[at] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var c => throw new Xunit.Sdk.XunitException($"line {number}: bad escape \\{c}: {line}"),
                        });
                    }
                    else
                        value.Append(line[at]);
                }
                at++;
                Assert.True(labels.TryAdd(label.Value, value.ToString()), $"line {number}: label {label.Value} twice: {line}");
                if (line[at] == ',')
                    at++;
                else
                    Assert.True(line[at] == '}', $"line {number}: expected , or }} at {at}: {line}");
            }
            at++;
        }
        Assert.True(at < line.Length && line[at] == ' ', $"line {number}: expected a space before the value: {line}");
        var parts = line[(at + 1)..].Split(' ');
        Assert.True(parts.Length is 1 or 2, $"line {number}: expected a value and at most a timestamp: {line}");
        if (parts.Length == 2)
            Assert.True(long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), $"line {number}: bad timestamp: {line}");
        return new PrometheusSample(name.Value, labels, Value(parts[0], line, number));
    }

    private static double Value(string text, string line, int number) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new Xunit.Sdk.XunitException($"line {number}: bad value '{text}': {line}"),
    };

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?$")]
    private static partial Regex HelpLine();
}
