using Flux.Gateway.Configuration;

namespace Flux.Gateway.Tests.Configuration;

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
        """;

    [Fact]
    public void sections_keys_and_values_are_read_as_text()
    {
        var file = ConfigFile.Parse(Sample, "config.toml");

        Assert.Equal("true", file["snapshot.enabled"]);
        Assert.Equal("/data/snapshots", file["snapshot.directory"]);
        Assert.Equal("flux.events.>", file["nats.stream_subjects"]);
        Assert.Equal("1073741824", file["nats.max_bytes"]);
        Assert.Null(file["api.missing"]);
    }

    [Theory]
    [InlineData("[api\nmax_batch_delete = 1", 1)]
    [InlineData("[api]\nmax_batch_delete", 2)]
    [InlineData("[api]\nmax_batch_delete = ten", 2)]
    [InlineData("[api]\nname = \"open", 2)]
    [InlineData("[api]\nmax_batch_delete = 1\nmax_batch_delete = 2", 3)]
    public void a_malformed_file_is_refused_naming_the_line(string text, int line)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigFile.Parse(text, "flux.toml"));
        Assert.Contains($"flux.toml, line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_file_sets_options_and_the_environment_wins_over_it()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Sample);
            var environment = new Dictionary<string, string> { ["FLUX_CONFIG"] = path, ["FLUX_EVENT_RETENTION_DAYS"] = "3" };

            var options = FluxOptions.Load(name => environment.GetValueOrDefault(name));

            Assert.Equal(500, options.MaxBatchDelete);
            Assert.Equal(1_073_741_824, options.EventRetentionBytes);
            Assert.Equal(3, options.EventRetentionDays);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void a_named_file_that_is_missing_stops_start_up()
    {
        var error = Assert.Throws<ConfigurationException>(() => FluxOptions.Load(name => name == "FLUX_CONFIG" ? "/nonexistent/flux.toml" : null));
        Assert.Contains("/nonexistent/flux.toml", error.Message, StringComparison.Ordinal);
        Assert.Contains("FLUX_CONFIG", error.Message, StringComparison.Ordinal);
    }
}
