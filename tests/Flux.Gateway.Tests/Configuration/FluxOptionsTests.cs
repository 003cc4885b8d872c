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
    [InlineData("yes", false)]
    [InlineData("0", false)]
    public void auth_is_on_for_true_or_1_in_any_casing(string value, bool expected) =>
        Assert.Equal(expected, From(("FLUX_AUTH_ENABLED", value)).AuthEnabled);

    [Fact]
    public void an_empty_admin_token_means_none_is_configured() =>
        Assert.Null(From(("FLUX_ADMIN_TOKEN", "")).AdminToken);

    [Fact]
    public void an_unparsable_rate_limit_switch_is_ignored() =>
        Assert.True(From(("FLUX_RATE_LIMIT_ENABLED", "maybe")).InitialLimits.RateLimitEnabled);

    [Theory]
    [InlineData("PORT", "0")]
    [InlineData("PORT", "http")]
    [InlineData("FLUX_MAX_BATCH_DELETE", "-1")]
    [InlineData("FLUX_METRICS_INTERVAL_SECONDS", "0")]
    public void an_invalid_number_stops_start_up_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From((name, value)));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
