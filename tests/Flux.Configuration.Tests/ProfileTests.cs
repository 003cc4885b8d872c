namespace Flux.Configuration.Tests;

/// <summary>FLUX_NATS_URL and FLUX_POSTGRES together select the cluster profile (docs/api.md §14.1).</summary>
public sealed class ProfileTests
{
    [Fact]
    public void with_neither_variable_flux_runs_embedded() =>
        Assert.Equal(Profile.Embedded, Profiles.Select(SettingsHost.Variables(("FLUX_NATS_URL", ""), ("FLUX_POSTGRES", ""))));

    [Fact]
    public void with_both_variables_flux_runs_as_a_cluster() =>
        Assert.Equal(Profile.Cluster, Profiles.Select(SettingsHost.Variables(
            ("FLUX_NATS_URL", "nats://127.0.0.1:4222"), ("FLUX_POSTGRES", "Host=127.0.0.1;Username=postgres"))));

    [Theory]
    [InlineData("FLUX_NATS_URL", "nats://127.0.0.1:4222", "FLUX_NATS_URL is set but FLUX_POSTGRES is not: the cluster profile needs both (FLUX_POSTGRES is an Npgsql connection string); unset FLUX_NATS_URL for the embedded profile")]
    [InlineData("FLUX_POSTGRES", "Host=127.0.0.1", "FLUX_POSTGRES is set but FLUX_NATS_URL is not: the cluster profile needs both (FLUX_NATS_URL is the NATS server's URL); unset FLUX_POSTGRES for the embedded profile")]
    public void one_variable_without_the_other_stops_start_up_naming_the_missing_one(string name, string value, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => Profiles.Select(SettingsHost.Variables((name, value))));
        Assert.Equal(message, error.Message);
    }
}
