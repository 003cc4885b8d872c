namespace Flux.Testing;

/// <summary>
/// The cluster profile as real processes on loopback: a nats-server (JetStream, sync_interval 1 s unless told), a throwaway
/// PostgreSQL, silos and standalone gateways (docs/architecture.md, profiles). Everything it started stops on dispose.
/// </summary>
public sealed class FluxCluster : IAsyncDisposable
{
    private readonly List<FluxServer> _silos = [];
    private readonly List<FluxServer> _gateways = [];
    private readonly SharedServers.Lease? _sharedServers;

    private FluxCluster(NatsServer nats, PostgresServer postgres, SharedServers.Lease? sharedServers, Dictionary<string, string> environment)
    {
        Nats = nats;
        Postgres = postgres;
        _sharedServers = sharedServers;
        Environment = environment;
    }

    public NatsServer Nats { get; }

    public PostgresServer Postgres { get; }

    /// <summary>What every process of this cluster is started with: FLUX_NATS_URL and FLUX_POSTGRES.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public IReadOnlyList<FluxServer> Silos => _silos;

    public IReadOnlyList<FluxServer> Gateways => _gateways;

    /// <param name="syncInterval">The nats-server's JetStream <c>sync_interval</c> (<see cref="NatsServer"/>).</param>
    /// <param name="settings">More environment for every process, such as log levels.</param>
    /// <param name="natsMaxPayload">The nats-server's <c>max_payload</c> (<see cref="NatsServer"/>); not with shared servers.</param>
    /// <param name="sharedServers">
    /// Use the run's <see cref="SharedServers"/> with a stream and a database of this cluster's own, instead of
    /// servers of its own: quicker to start, for tests that never stop or kill a server.
    /// </param>
    public static async Task<FluxCluster> StartAsync(int silos = 2, int gateways = 1, string syncInterval = "1s",
        IReadOnlyDictionary<string, string>? settings = null, bool sharedServers = false, string natsMaxPayload = "16MB")
    {
        var id = Guid.NewGuid().ToString("N");
        var lease = sharedServers ? await SharedServers.AcquireAsync() : null;
        var nats = lease?.Nats ?? new NatsServer(syncInterval, maxPayload: natsMaxPayload);
        var postgres = lease?.Postgres ?? new PostgresServer();
        FluxCluster? cluster = null;
        try
        {
            if (lease is null)
            {
                await nats.StartAsync();
                await postgres.StartAsync();
            }
            else if (syncInterval != nats.SyncInterval)
                throw new ArgumentException($"the shared nats-server syncs every {nats.SyncInterval}, not {syncInterval}", nameof(syncInterval));
            var environment = new Dictionary<string, string>
            {
                ["FLUX_NATS_URL"] = nats.Url,
                ["FLUX_POSTGRES"] = await postgres.CreateDatabaseAsync(lease is null ? "flux" : $"flux_{id}"),
                // Orleans binds its ports with ReuseAddress, so two clusters started at once on one machine could
                // end up sharing a port; a cluster id of its own makes Orleans refuse the other cluster's connections.
                ["FLUX_CLUSTER_ID"] = $"test-{id}",
            };
            if (lease is not null)
                environment["FLUX_NATS_STREAM"] = $"FLUX_{id}";
            foreach (var (name, value) in settings ?? new Dictionary<string, string>())
                environment[name] = value;
            cluster = new FluxCluster(nats, postgres, lease, environment);
            // The first silo creates the schema; the others then join a membership table that exists.
            cluster._silos.Add(await FluxServer.StartAsync(environment));
            await StartAllAsync(silos - 1, () => FluxServer.StartAsync(environment), cluster._silos);
            await StartAllAsync(gateways, () => FluxServer.StartAsync(environment, binary: ServerBinary.Gateway), cluster._gateways);
            return cluster;
        }
        catch
        {
            if (cluster is not null)
                await cluster.DisposeAsync();
            else if (lease is not null)
                await lease.DisposeAsync();
            else
            {
                await nats.DisposeAsync();
                await postgres.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>Starts <paramref name="count"/> processes at once; those that did start are kept even when another fails, so they get stopped.</summary>
    private static async Task StartAllAsync(int count, Func<Task<FluxServer>> start, List<FluxServer> into)
    {
        var starting = Enumerable.Range(0, count).Select(_ => start()).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            into.AddRange(starting.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
        }
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var process in _gateways.Concat(_silos))
        {
            try
            {
                await process.DisposeAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        if (_sharedServers is not null)
            await _sharedServers.DisposeAsync();
        else
        {
            await Nats.DisposeAsync();
            await Postgres.DisposeAsync();
        }
        if (failures.Count > 0)
            throw new AggregateException("a cluster process failed", failures);
    }
}
