namespace Flux.Gateway.Configuration;

/// <summary>
/// Start-up configuration (docs/api.md §14): defaults live here, the optional TOML file (<c>FLUX_CONFIG</c>,
/// default <c>config.toml</c>) overrides them, the environment overrides both. Invalid values fail
/// start-up with a message naming the variable or the file line.
/// </summary>
public sealed record FluxOptions
{
    public int Port { get; init; } = 3000;
    public string DataDirectory { get; init; } = "data";
    public bool AuthEnabled { get; init; }

    /// <summary>Null when unset or empty: admin-gated operations are then open (docs/api.md §7.2).</summary>
    public string? AdminToken { get; init; }

    public RuntimeLimits InitialLimits { get; init; } = RuntimeLimits.Default;
    public TimeSpan DirectoryRefreshInterval { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxBatchDelete { get; init; } = 10_000;
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan ActivePublisherWindow { get; init; } = TimeSpan.FromSeconds(10);
    public int EventRetentionDays { get; init; } = 7;
    public long EventRetentionBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Outbound queue bound per WebSocket connection (docs/api.md §10.7).</summary>
    public int WebSocketQueueLimit { get; init; } = 10_000;
    public TimeSpan WebSocketPingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A grain not called for this long is deactivated (its memory freed; its state is durable).</summary>
    public TimeSpan GrainIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Reads the environment and, if present, the TOML file it names (a missing default file is fine).</summary>
    public static FluxOptions Load(Func<string, string?> environment)
    {
        var path = NonEmpty(environment("FLUX_CONFIG"));
        var file = path is not null || File.Exists("config.toml") ? ConfigFile.Load(path ?? "config.toml") : ConfigFile.Empty;
        return FromEnvironment(name => environment(name) ?? (FileKeys.TryGetValue(name, out var key) ? file[key] : null));
    }

    /// <summary>The TOML keys (§14.2) that set the same thing as an environment variable.</summary>
    private static readonly Dictionary<string, string> FileKeys = new(StringComparer.Ordinal)
    {
        ["FLUX_MAX_BATCH_DELETE"] = "api.max_batch_delete",
        ["FLUX_METRICS_INTERVAL_SECONDS"] = "metrics.broadcast_interval_seconds",
        ["FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS"] = "metrics.active_publisher_window_seconds",
        ["FLUX_EVENT_RETENTION_DAYS"] = "nats.max_age_days",
        ["FLUX_EVENT_RETENTION_BYTES"] = "nats.max_bytes",
    };

    public static FluxOptions FromEnvironment(Func<string, string?> env)
    {
        var defaults = new FluxOptions();
        return new FluxOptions
        {
            Port = Int(env, "PORT", defaults.Port, min: 1, max: 65535),
            DataDirectory = NonEmpty(env("FLUX_DATA_DIR")) ?? defaults.DataDirectory,
            AuthEnabled = Bool(env, "FLUX_AUTH_ENABLED", defaults.AuthEnabled),
            AdminToken = NonEmpty(env("FLUX_ADMIN_TOKEN")),
            InitialLimits = new RuntimeLimits(
                RateLimitEnabled: Bool(env, "FLUX_RATE_LIMIT_ENABLED", RuntimeLimits.Default.RateLimitEnabled),
                RateLimitPerNamespacePerMinute: Long(env, "FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE", RuntimeLimits.Default.RateLimitPerNamespacePerMinute, min: 1),
                BodySizeLimitSingleBytes: Long(env, "FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES", RuntimeLimits.Default.BodySizeLimitSingleBytes, min: 1),
                BodySizeLimitBatchBytes: Long(env, "FLUX_BODY_SIZE_LIMIT_BATCH_BYTES", RuntimeLimits.Default.BodySizeLimitBatchBytes, min: 1)),
            DirectoryRefreshInterval = Seconds(env, "FLUX_DIRECTORY_REFRESH_SECONDS", defaults.DirectoryRefreshInterval),
            MaxBatchDelete = Int(env, "FLUX_MAX_BATCH_DELETE", defaults.MaxBatchDelete, min: 1),
            MetricsInterval = Seconds(env, "FLUX_METRICS_INTERVAL_SECONDS", defaults.MetricsInterval),
            ActivePublisherWindow = Seconds(env, "FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS", defaults.ActivePublisherWindow),
            EventRetentionDays = Int(env, "FLUX_EVENT_RETENTION_DAYS", defaults.EventRetentionDays, min: 0),
            EventRetentionBytes = Long(env, "FLUX_EVENT_RETENTION_BYTES", defaults.EventRetentionBytes),
            WebSocketQueueLimit = Int(env, "FLUX_WS_QUEUE_LIMIT", defaults.WebSocketQueueLimit, min: 1),
            WebSocketPingInterval = Seconds(env, "FLUX_WS_PING_SECONDS", defaults.WebSocketPingInterval),
            GrainIdleTimeout = Seconds(env, "FLUX_GRAIN_IDLE_SECONDS", defaults.GrainIdleTimeout),
        };
    }

    /// <summary>
    /// A switch: true/false, 1/0, yes/no, on/off in any casing. Anything else stops start-up: the contract's
    /// "anything else is off" (§7.1, §14.1) let <c>FLUX_AUTH_ENABLED=yes</c> leave a server open without a word.
    /// </summary>
    private static bool Bool(Func<string, string?> env, string name, bool fallback)
    {
        var text = NonEmpty(env(name));
        if (text is null)
            return fallback;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ConfigurationException($"{name}='{text}' is not a switch: use true or false (also 1/0, yes/no, on/off)"),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int Int(Func<string, string?> env, string name, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        (int)Long(env, name, fallback, min, max);

    private static long Long(Func<string, string?> env, string name, long fallback, long min = 0, long max = long.MaxValue)
    {
        var text = NonEmpty(env(name));
        if (text is null)
            return fallback;
        if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ConfigurationException($"{name}='{text}' is not a whole number in [{min}, {max}]");
        return value;
    }

    private static TimeSpan Seconds(Func<string, string?> env, string name, TimeSpan fallback)
    {
        var text = NonEmpty(env(name));
        if (text is null)
            return fallback;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !(value > 0) || value > 86_400)
            throw new ConfigurationException($"{name}='{text}' is not a positive number of seconds");
        return TimeSpan.FromSeconds(value);
    }
}
