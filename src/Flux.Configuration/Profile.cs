using Microsoft.Extensions.Configuration;

namespace Flux.Configuration;

/// <summary>Which shape Flux runs in (docs/architecture.md, profiles).</summary>
public enum Profile
{
    /// <summary>One process on an embedded SQLite store: nothing to configure.</summary>
    Embedded,

    /// <summary>Silos and gateways sharing a JetStream log and PostgreSQL.</summary>
    Cluster,
}

public static class Profiles
{
    public const string NatsUrlVariable = "FLUX_NATS_URL";
    public const string PostgresVariable = "FLUX_POSTGRES";

    /// <summary>
    /// FLUX_NATS_URL and FLUX_POSTGRES together select the cluster, neither the embedded profile; one without
    /// the other is a mistake to stop on, not a reason to fall back to a single process with its own data.
    /// </summary>
    public static Profile Select(IConfiguration configuration)
    {
        var nats = !string.IsNullOrEmpty(configuration[NatsUrlVariable]);
        var postgres = !string.IsNullOrEmpty(configuration[PostgresVariable]);
        return (nats, postgres) switch
        {
            (false, false) => Profile.Embedded,
            (true, true) => Profile.Cluster,
            (true, false) => throw Half(NatsUrlVariable, PostgresVariable, "an Npgsql connection string"),
            (false, true) => throw Half(PostgresVariable, NatsUrlVariable, "the NATS server's URL"),
        };
    }

    private static ConfigurationException Half(string set, string missing, string what) =>
        new($"{set} is set but {missing} is not: the cluster profile needs both ({missing} is {what}); unset {set} for the embedded profile");
}
