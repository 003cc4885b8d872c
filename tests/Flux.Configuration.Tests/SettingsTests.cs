using Flux.Gateway.Configuration;
using Flux.Gateway.Live;
using Flux.Gateway.Metrics;
using Flux.Grains.Interfaces;
using Flux.Silo.Hosting;
using Flux.Storage.Sqlite;
using Flux.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Configuration.Tests;

/// <summary>Each setting is read from its documented variable, with the contract's defaults and the switch words.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void defaults_match_the_contract()
    {
        var api = SettingsHost.Resolve<ApiOptions>();
        Assert.Equal(3000, api.Port);
        Assert.False(api.AuthEnabled);
        Assert.Null(api.AdminToken);
        Assert.Equal(10_000, api.MaxBatchDelete);

        var limits = SettingsHost.Resolve<RuntimeLimits>();
        Assert.True(limits.RateLimitEnabled);
        Assert.Equal(10_000, limits.RateLimitPerNamespacePerMinute);
        Assert.Equal(1_048_576, limits.BodySizeLimitSingleBytes);
        Assert.Equal(10_485_760, limits.BodySizeLimitBatchBytes);

        Assert.Equal(TimeSpan.FromSeconds(2), SettingsHost.Resolve<MetricsOptions>().BroadcastInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), SettingsHost.Resolve<MetricsOptions>().ActivePublisherWindow);
        Assert.Equal(10_000, SettingsHost.Resolve<LiveOptions>().QueueLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), SettingsHost.Resolve<LiveOptions>().PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), SettingsHost.Resolve<GrainOptions>().DirectoryRefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), SettingsHost.Resolve<GrainOptions>().IdleTimeout);

        Assert.Equal("data", SettingsHost.Resolve<EmbeddedStorageOptions>().DataDirectory);
        Assert.Equal(new RetentionPolicy(7, 10L * 1024 * 1024 * 1024), SettingsHost.Resolve<RetentionOptions>().Policy);
    }

    [Theory]
    [InlineData(null, null, 2, 2)]
    [InlineData("5", "3", 5, 3)]
    public void a_cluster_silo_gives_orleans_membership_the_probe_timeout_and_missed_probes_it_is_configured_with(
        string? probeTimeout, string? missedProbes, int seconds, int missed)
    {
        var variables = new List<(string, string)>();
        if (probeTimeout is not null)
            variables.Add(("FLUX_PROBE_TIMEOUT_SECONDS", probeTimeout));
        if (missedProbes is not null)
            variables.Add(("FLUX_MISSED_PROBES_LIMIT", missedProbes));
        var processes = SettingsHost.Processes(SettingsHost.Variables([.. variables]));
        try
        {
            var membership = SettingsHost.Reading(processes, typeof(FailureDetectionOptions))
                .GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
            Assert.Equal(TimeSpan.FromSeconds(seconds), membership.ProbeTimeout);
            Assert.Equal(TimeSpan.FromSeconds(seconds), membership.TableRefreshTimeout);
            Assert.Equal(TimeSpan.FromSeconds(2 * seconds), membership.MaxProbeTimeout);
            Assert.Equal(missed, membership.NumMissedProbesLimit);
        }
        finally
        {
            foreach (var process in processes)
                process.Dispose();
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("10.96.0.1", true)]
    public void a_cluster_silo_uses_orleans_kubernetes_hosting_only_inside_kubernetes(string? apiServer, bool kubernetes)
    {
        var processes = SettingsHost.Processes(apiServer is null ? SettingsHost.Variables() : SettingsHost.Variables((ClusterSilo.KubernetesServiceHost, apiServer)));
        try
        {
            var silo = SettingsHost.Reading(processes, typeof(FailureDetectionOptions));
            Assert.Equal(kubernetes, silo.GetServices<IValidateOptions<Orleans.Hosting.Kubernetes.KubernetesHostingOptions>>().Any());
        }
        finally
        {
            foreach (var process in processes)
                process.Dispose();
        }
    }

    [Fact]
    public void every_setting_is_read_from_its_variable()
    {
        var api = SettingsHost.Resolve<ApiOptions>(("PORT", "8080"), ("FLUX_AUTH_ENABLED", "true"), ("FLUX_ADMIN_TOKEN", "secret"), ("FLUX_MAX_BATCH_DELETE", "5"));
        Assert.Equal((8080, true, "secret", 5), (api.Port, api.AuthEnabled, api.AdminToken, api.MaxBatchDelete));

        var limits = SettingsHost.Resolve<RuntimeLimits>(("FLUX_RATE_LIMIT_ENABLED", "false"), ("FLUX_RATE_LIMIT_PER_NAMESPACE_PER_MINUTE", "60"),
            ("FLUX_BODY_SIZE_LIMIT_SINGLE_BYTES", "100"), ("FLUX_BODY_SIZE_LIMIT_BATCH_BYTES", "200"));
        Assert.Equal((false, 60L, 100L, 200L), (limits.RateLimitEnabled, limits.RateLimitPerNamespacePerMinute, limits.BodySizeLimitSingleBytes, limits.BodySizeLimitBatchBytes));

        var metrics = SettingsHost.Resolve<MetricsOptions>(("FLUX_METRICS_INTERVAL_SECONDS", "0.5"), ("FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS", "30"));
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30)), (metrics.BroadcastInterval, metrics.ActivePublisherWindow));

        var live = SettingsHost.Resolve<LiveOptions>(("FLUX_WS_QUEUE_LIMIT", "7"), ("FLUX_WS_PING_SECONDS", "5"));
        Assert.Equal((7, TimeSpan.FromSeconds(5)), (live.QueueLimit, live.PingInterval));

        var grains = SettingsHost.Resolve<GrainOptions>(("FLUX_GRAIN_IDLE_SECONDS", "60"), ("FLUX_DIRECTORY_REFRESH_SECONDS", "1"));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)), (grains.IdleTimeout, grains.DirectoryRefreshInterval));

        Assert.Equal("/var/lib/flux", SettingsHost.Resolve<EmbeddedStorageOptions>(("FLUX_DATA_DIR", "/var/lib/flux")).DataDirectory);
        Assert.Equal(new RetentionPolicy(0, 0), SettingsHost.Resolve<RetentionOptions>(("FLUX_EVENT_RETENTION_DAYS", "0"), ("FLUX_EVENT_RETENTION_BYTES", "0")).Policy);
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
        Assert.Equal(expected, SettingsHost.Resolve<ApiOptions>(("FLUX_AUTH_ENABLED", value)).AuthEnabled);
        Assert.Equal(expected, SettingsHost.Resolve<RuntimeLimits>(("FLUX_RATE_LIMIT_ENABLED", value)).RateLimitEnabled);
    }

    [Theory]
    [InlineData("FLUX_AUTH_ENABLED", "enabled")]
    [InlineData("FLUX_AUTH_ENABLED", "2")]
    [InlineData("FLUX_RATE_LIMIT_ENABLED", "maybe")]
    public void an_unrecognised_switch_stops_start_up_naming_the_variable(string name, string value)
    {
        Assert.Equal($"{name}='{value}' is not a switch: use true or false (also 1/0, yes/no, on/off)", SettingsHost.Refusal(name, value));
    }

    [Fact]
    public void an_empty_admin_token_means_none_is_configured() =>
        Assert.Null(SettingsHost.Resolve<ApiOptions>(("FLUX_ADMIN_TOKEN", "")).AdminToken);

    [Fact]
    public void an_empty_value_means_the_default() =>
        Assert.Equal(10_000, SettingsHost.Resolve<ApiOptions>(("FLUX_MAX_BATCH_DELETE", "")).MaxBatchDelete);

    [Theory]
    [InlineData("PORT", "0")]
    [InlineData("PORT", "http")]
    [InlineData("FLUX_MAX_BATCH_DELETE", "-1")]
    [InlineData("FLUX_METRICS_INTERVAL_SECONDS", "0")]
    public void an_invalid_number_stops_start_up_naming_the_variable(string name, string value) =>
        Assert.StartsWith($"{name}='{value}' is not ", SettingsHost.Refusal(name, value), StringComparison.Ordinal);

    [Theory]
    [InlineData("PORT", "3.5", "a whole number")]
    [InlineData("FLUX_EVENT_RETENTION_BYTES", "10GB", "a whole number")]
    [InlineData("FLUX_WS_PING_SECONDS", "thirty", "a number")]
    public void a_value_of_the_wrong_kind_says_what_to_write_instead(string name, string value, string accepted) =>
        Assert.Equal($"{name}='{value}' is not {accepted}", SettingsHost.Refusal(name, value));
}
