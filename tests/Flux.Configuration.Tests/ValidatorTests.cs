namespace Flux.Configuration.Tests;

/// <summary>Each validator rule, at the value it refuses, with the one sentence start-up prints.</summary>
public sealed class ValidatorTests
{
    [Theory]
    [InlineData("PORT", "0", "is not a whole number from 1 to 65535")]
    [InlineData("PORT", "65536", "is not a whole number from 1 to 65535")]
    [InlineData("FLUX_MAX_BATCH_DELETE", "0", "is not a whole number of at least 1")]
    [InlineData("FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE", "0", "is not a whole number of at least 1")]
    [InlineData("FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES", "0", "is not a whole number of at least 1")]
    [InlineData("FLUX_BODY_SIZE_LIMIT_BATCH_BYTES", "-5", "is not a whole number of at least 1")]
    [InlineData("FLUX_WS_QUEUE_LIMIT", "0", "is not a whole number of at least 1")]
    [InlineData("FLUX_WS_PING_SECONDS", "0", "is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_WS_PING_SECONDS", "86401", "is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_METRICS_INTERVAL_SECONDS", "-1", "is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS", "0", "is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_GRAIN_IDLE_SECONDS", "0", "is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_DIRECTORY_REFRESH_SECONDS", "NaN", "is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_DATA_DIR", "  ", "is blank: name a directory")]
    [InlineData("FLUX_EVENT_RETENTION_DAYS", "-1", "is not a whole number of at least 0")]
    [InlineData("FLUX_EVENT_RETENTION_BYTES", "-1", "is not a whole number of at least 0")]
    [InlineData("FLUX_PROBE_TIMEOUT_SECONDS", "0", "is not a whole number from 1 to 60")]
    [InlineData("FLUX_PROBE_TIMEOUT_SECONDS", "61", "is not a whole number from 1 to 60")]
    [InlineData("FLUX_MISSED_PROBES_LIMIT", "0", "is not a whole number from 1 to 10")]
    [InlineData("FLUX_MISSED_PROBES_LIMIT", "11", "is not a whole number from 1 to 10")]
    [InlineData("FLUX_OAUTH_CALLBACK_BASE_URL", "flux.example.com", "is not an absolute http:// or https:// address")]
    [InlineData("FLUX_OAUTH_CALLBACK_BASE_URL", "ftp://flux.example.com", "is not an absolute http:// or https:// address")]
    [InlineData("FLUX_OAUTH_GMAIL_TOKEN_URL", "/token", "is not an absolute http:// or https:// address")]
    [InlineData("FLUX_CONNECTOR_GITHUB_API_URL", "api.github.com", "is not an absolute http:// or https:// address")]
    [InlineData("FLUX_CONNECTOR_GITHUB_POLL_SECONDS", "0", "is not a positive number of seconds (at most 86400)")]
    [InlineData("FLUX_CONNECTOR_RECOVERY_SECONDS", "-1", "is not a positive number of seconds (at most 86400)")]
    public void a_value_out_of_range_stops_start_up_saying_what_is_accepted(string name, string value, string rule) =>
        Assert.Equal($"{name}='{value}' {rule}", SettingsHost.Refusal(name, value));

    [Theory]
    [InlineData("PORT", "1")]
    [InlineData("PORT", "65535")]
    [InlineData("FLUX_WS_PING_SECONDS", "86400")]
    [InlineData("FLUX_METRICS_INTERVAL_SECONDS", "0.001")]
    [InlineData("FLUX_EVENT_RETENTION_DAYS", "0")]
    [InlineData("FLUX_EVENT_RETENTION_BYTES", "0")]
    [InlineData("FLUX_PROBE_TIMEOUT_SECONDS", "1")]
    [InlineData("FLUX_PROBE_TIMEOUT_SECONDS", "60")]
    [InlineData("FLUX_MISSED_PROBES_LIMIT", "10")]
    [InlineData("FLUX_OAUTH_CALLBACK_BASE_URL", "https://flux.example.com/base/")]
    [InlineData("FLUX_OAUTH_GITHUB_TOKEN_URL", "http://127.0.0.1:8080/token")]
    [InlineData("FLUX_CONNECTOR_GITHUB_API_URL", "https://github.example.com/api/v3/")]
    [InlineData("FLUX_CONNECTOR_RECOVERY_SECONDS", "2")]
    [InlineData("FLUX_ENCRYPTION_KEY", "not a key: the vault warns, start-up goes on")]
    public void the_values_at_each_end_of_a_range_are_accepted(string name, string value)
    {
        var processes = SettingsHost.Processes(SettingsHost.Variables((name, value)));
        foreach (var type in SettingsHost.OptionsTypes)
            Assert.NotNull(SettingsHost.Value(SettingsHost.Reading(processes, type), type));
        foreach (var process in processes)
            process.Dispose();
    }

    [Fact]
    public void every_refused_value_is_named_in_one_line()
    {
        var error = Assert.ThrowsAny<Exception>(() => SettingsHost.Resolve<Gateway.Configuration.ApiOptions>(("PORT", "0"), ("FLUX_MAX_BATCH_DELETE", "0")));
        Assert.Equal("PORT='0' is not a whole number from 1 to 65535; FLUX_MAX_BATCH_DELETE='0' is not a whole number of at least 1", error.Message);
    }
}
