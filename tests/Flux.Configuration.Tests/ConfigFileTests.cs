using Flux.Gateway.Configuration;
using Flux.Storage;
using Microsoft.Extensions.Configuration;

namespace Flux.Configuration.Tests;

/// <summary>The TOML file (docs/api.md §14.2) as a configuration source, beneath the environment.</summary>
public sealed class ConfigFileTests
{
    private const string Sample = """
        # Flux sample configuration
        [snapshot]
        enabled = true
        directory = "/data/snapshots"   # not used by the embedded store

        [nats]
        url = "nats://127.0.0.1:4222"
        stream_subjects = ["flux.events.>"]
        max_age_days = 30
        max_bytes = 1_073_741_824

        [api]
        max_batch_delete = 500

        [metrics]
        broadcast_interval_seconds = 0.5
        active_publisher_window_seconds = 60
        """;

    [Fact]
    public void sections_keys_and_values_are_read_as_text()
    {
        var file = TomlConfigurationProvider.Parse(Sample, "config.toml");

        Assert.Equal("true", file["snapshot:enabled"]);
        Assert.Equal("/data/snapshots", file["snapshot:directory"]);
        Assert.Equal("flux.events.>", file["nats:stream_subjects:0"]);
        Assert.Equal("1073741824", file["nats:max_bytes"]);
        Assert.Equal("0.5", file["metrics:broadcast_interval_seconds"]);
        Assert.False(file.ContainsKey("api:missing"));
    }

    [Theory]
    [InlineData("[api\nmax_batch_delete = 1", 1)]
    [InlineData("[api]\nmax_batch_delete", 2)]
    [InlineData("[api]\nmax_batch_delete = ten", 2)]
    [InlineData("[api]\nname = \"open", 2)]
    [InlineData("[api]\nmax_batch_delete = 1\nmax_batch_delete = 2", 3)]
    public void a_malformed_file_is_refused_naming_the_line(string text, int line)
    {
        var error = Assert.Throws<ConfigurationException>(() => TomlConfigurationProvider.Parse(text, "flux.toml"));
        Assert.Contains($"flux.toml, line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_original_keys_set_the_variables_they_always_set()
    {
        using var file = new TempFile(Sample);
        var configuration = Configuration(("FLUX_CONFIG", file.Path));

        Assert.Equal(500, SettingsHost.Resolve<ApiOptions>(configuration).MaxBatchDelete);
        Assert.Equal(new RetentionPolicy(30, 1_073_741_824), SettingsHost.Resolve<RetentionOptions>(configuration).Policy);
        var metrics = SettingsHost.Resolve<Gateway.Metrics.MetricsOptions>(configuration);
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1)), (metrics.BroadcastInterval, metrics.ActivePublisherWindow));
    }

    [Fact]
    public void any_variable_may_be_set_by_name_at_the_top_of_the_file()
    {
        using var file = new TempFile("FLUX_AUTH_ENABLED = true\nFLUX_WS_QUEUE_LIMIT = 12\n[api]\nmax_batch_delete = 3\n");
        var configuration = Configuration(("FLUX_CONFIG", file.Path));

        Assert.True(SettingsHost.Resolve<ApiOptions>(configuration).AuthEnabled);
        Assert.Equal(12, SettingsHost.Resolve<Gateway.Live.LiveOptions>(configuration).QueueLimit);
    }

    [Fact]
    public void the_file_sets_options_and_the_environment_wins_over_it()
    {
        using var file = new TempFile(Sample);
        var configuration = Configuration(("FLUX_CONFIG", file.Path), ("FLUX_EVENT_RETENTION_DAYS", "3"));

        Assert.Equal(500, SettingsHost.Resolve<ApiOptions>(configuration).MaxBatchDelete);
        var retention = SettingsHost.Resolve<RetentionOptions>(configuration);
        Assert.Equal(new RetentionPolicy(3, 1_073_741_824), retention.Policy);
    }

    [Fact]
    public void a_named_file_that_is_missing_stops_start_up()
    {
        var error = Assert.Throws<ConfigurationException>(() => Configuration(("FLUX_CONFIG", "/nonexistent/flux.toml")));
        Assert.Contains("/nonexistent/flux.toml", error.Message, StringComparison.Ordinal);
        Assert.Contains("FLUX_CONFIG", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Configuration built as the server builds it: earlier sources (here standing for the environment), then the file beneath them.</summary>
    private static ConfigurationManager Configuration(params (string Name, string Value)[] environment)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(environment.Select(v => KeyValuePair.Create(v.Name, (string?)v.Value)));
        configuration.AddFluxConfigFile();
        return configuration;
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string text)
        {
            Path = System.IO.Path.GetTempFileName();
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
