using Orleans.Concurrency;

namespace Flux.Grains.Interfaces;

/// <summary>
/// The poller of one connector for one owner (key: <see cref="ConnectorKey.Of"/>): while the owner has credentials
/// for the connector it polls the outside service and publishes what it sees as ordinary events, on exactly one
/// silo of the cluster (docs/architecture.md, connectors).
/// </summary>
[Alias("flux.IConnectorGrain")]
public interface IConnectorGrain : IGrainWithStringKey
{
    /// <summary>Credentials were stored or replaced: poll now, then every poll interval, also after a failover.</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>The credentials were deleted: stop polling and forget what was learnt.</summary>
    [Alias("Stop")]
    Task StopAsync();

    /// <summary>
    /// What the last poll did, for the connector API's <c>last_poll</c>, <c>last_error</c> and <c>status</c>. It reads one
    /// field, so it answers at once rather than behind a poll in progress.
    /// </summary>
    [AlwaysInterleave, Alias("GetStatus")]
    Task<ConnectorStatus> GetStatusAsync();
}

/// <summary>The key of the poller of <paramref name="connector"/> for <paramref name="owner"/>: <c>github@default</c>.</summary>
public static class ConnectorKey
{
    /// <summary>The owner of credentials stored in open mode, where there are no namespace tokens (contract §6.10).</summary>
    public const string OpenOwner = "default";

    public static string Of(string owner, string connector) => $"{connector}@{owner}";

    public static (string Owner, string Connector) Parse(string key)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == key.Length - 1)
            throw new ArgumentException($"a connector key is <connector>@<owner>, not '{key}'", nameof(key));
        return (key[(at + 1)..], key[..at]);
    }
}

/// <summary>
/// What the poller knows of its last poll: when it ended (null before the first), the error it ended with (null when
/// it succeeded), and whether that error needs the owner to act (the service refused the credentials): the API then
/// reports <c>status</c> <c>error</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("flux.ConnectorStatus")]
public sealed record ConnectorStatus(
    [property: Id(0)] DateTimeOffset? LastPoll,
    [property: Id(1)] string? LastError,
    [property: Id(2)] bool CredentialsRefused);
