namespace Flux.Testing;

/// <summary>
/// One nats-server and one PostgreSQL for the clusters of a test run that only use them, each cluster with a
/// stream and a database of its own (<see cref="FluxCluster.StartAsync"/> with <c>sharedServers: true</c>).
/// The first lease starts them and the last one to end stops them, so nothing outlives the tests; a test that
/// stops or kills a server must have servers of its own.
/// </summary>
public static class SharedServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static int _leases;
    private static NatsServer? _nats;
    private static PostgresServer? _postgres;

    public static async Task<Lease> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_leases == 0)
            {
                var nats = new NatsServer();
                var postgres = new PostgresServer();
                try
                {
                    await nats.StartAsync();
                    await postgres.StartAsync();
                }
                catch
                {
                    await nats.DisposeAsync();
                    await postgres.DisposeAsync();
                    throw;
                }
                (_nats, _postgres) = (nats, postgres);
            }
            _leases++;
            return new Lease(_nats!, _postgres!);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_leases > 0)
                return;
            await _nats!.DisposeAsync();
            await _postgres!.DisposeAsync();
            (_nats, _postgres) = (null, null);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The right to use the shared servers until disposed.</summary>
    public sealed class Lease(NatsServer nats, PostgresServer postgres) : IAsyncDisposable
    {
        private int _released;

        public NatsServer Nats { get; } = nats;

        public PostgresServer Postgres { get; } = postgres;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                await ReleaseAsync();
        }
    }
}
