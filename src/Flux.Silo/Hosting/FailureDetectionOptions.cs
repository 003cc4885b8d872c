using Flux.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Silo.Hosting;

/// <summary>
/// How fast the cluster declares a silo dead, so that its grains come back on the others (docs/architecture.md
/// §4, failover). Orleans' defaults (5 s probes, 3 missed) took 11.6–13.6 s after a kill -9 here; a silo that
/// misses 2 probes of 2 s is suspected after ~4 s and, with too few silos left to vote, declared dead at once
/// (Orleans needs min(2 votes, half the live silos)). Not 1 s: a loaded 2-core machine stalls a silo that long,
/// and a silo declared dead by mistake stops itself. Nodes that pause longer (large heaps, noisy neighbours)
/// want longer probes.
/// </summary>
public sealed class FailureDetectionOptions
{
    /// <summary>How long a silo waits for another's answer to a liveness probe; also how often it rereads the membership table.</summary>
    [ConfigurationKeyName("FLUX_PROBE_TIMEOUT_SECONDS")]
    public int ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>How many probes in a row a silo may miss before the others suspect it.</summary>
    [ConfigurationKeyName("FLUX_MISSED_PROBES_LIMIT")]
    public int MissedProbesLimit { get; set; } = 2;

    public void ApplyTo(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(ProbeTimeoutSeconds);
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(ProbeTimeoutSeconds);
        membership.NumMissedProbesLimit = MissedProbesLimit;
        // Orleans stretches a probe's timeout up to 4× when answers are slow, which let a hung silo (SIGSTOP) live
        // 16–17 s here; 2× still rides out a loaded machine and declares a hung silo dead in about 8 s.
        membership.MaxProbeTimeout = TimeSpan.FromSeconds(2 * ProbeTimeoutSeconds);
    }
}

public sealed class FailureDetectionOptionsValidator : IValidateOptions<FailureDetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, FailureDetectionOptions options) =>
        new ValidateOptionsResultBuilder()
            .WholeNumber("FLUX_PROBE_TIMEOUT_SECONDS", options.ProbeTimeoutSeconds, 1, 60)
            .WholeNumber("FLUX_MISSED_PROBES_LIMIT", options.MissedProbesLimit, 1, 10)
            .Build();
}
