using Flux.Gateway.Configuration;

namespace Flux.Gateway.Tests.Configuration;

public sealed class FluxOptionsTests
{
    private static FluxOptions From(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        return FluxOptions.FromEnvironment(name => environment.GetValueOrDefault(name));
    }

    [Fact]
    public void defaults_match_the_contract()
    {
        var options = From();
        Assert.Equal(3000, options.Port);
        Assert.False(options.AuthEnabled);
        Assert.Null(options.AdminToken);
        Assert.Equal(RuntimeLimits.Default, options.InitialLimits);
        Assert.Equal(TimeSpan.FromSeconds(10), options.DirectoryRefreshInterval);
        Assert.Equal(10_000, options.MaxBatchDelete);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MetricsInterval);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    public void switches_accept_true_false_1_0_yes_no_on_off_in_any_casing(string value, bool expected)
    {
        Assert.Equal(expected, From(("FLUX_AUTH_ENABLED", value)).AuthEnabled);
        Assert.Equal(expected, From(("FLUX_RATE_LIMIT_ENABLED", value)).InitialLimits.RateLimitEnabled);
    }

    [Theory]
    [InlineData("FLUX_AUTH_ENABLED", "enabled")]
    [InlineData("FLUX_AUTH_ENABLED", "2")]
    [InlineData("FLUX_RATE_LIMIT_ENABLED", "maybe")]
    public void an_unrecognised_switch_stops_start_up_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => From((name, value)));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_empty_admin_token_means_none_is_configured() =>
        Assert.Null(From(("FLUX_ADMIN_TOKEN", "")).AdminToken);

    [Theory]
    [InlineData("PORT", "0")]
    [InlineData("PORT", "http")]
    [InlineData("FLUX_MAX_BATCH_DELETE", "-1")]
    [InlineData("FLUX_METRICS_INTERVAL_SECONDS", "0")]
    public void an_invalid_number_stops_start_up_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => From((name, value)));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
