namespace Flux.Benchmarks;

/// <summary>Tiny <c>--name value</c> parser; benchmarks have a handful of options.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public BenchArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) _values[args[i]] = args[++i];
            else _flags.Add(args[i]);
        }
    }

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);
    public int GetInt(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>
    /// <c>--warmup</c>, 30 s by default: under load the JIT keeps compiling Orleans' hot path for 20-30 s, and a
    /// shorter warm-up measures the compiler as much as the server.
    /// </summary>
    public TimeSpan Warmup() => TimeSpan.FromSeconds(GetInt("--warmup", 30));
}
