using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Flux.Storage.Postgres;

/// <summary>
/// The connection pool the stores share, and the one rule for failures: a PostgreSQL that cannot be reached,
/// is shutting down or does not answer in time is a <see cref="StorageUnavailableException"/> (the gateway
/// answers 503), never a hang. Unless the connection string says otherwise, opening a connection gives up after
/// <see cref="ConnectTimeoutSeconds"/> s and a statement after <see cref="CommandTimeoutSeconds"/> s (then Npgsql
/// waits at most <see cref="CancellationTimeoutMilliseconds"/> ms for the server to confirm the cancel), and the
/// pool holds <see cref="DefaultPoolSize"/> connections. A refused connection (server down, port closed) fails at once.
///
/// Npgsql's connect timeout also bounds the wait for a free pooled connection, so a burst of work larger than
/// the pool (a batch activating thousands of entities) would fail as "unavailable" while the server is fine.
/// Work therefore queues for one of <see cref="PoolSize"/> slots first, for up to <see cref="QueueTimeout"/>,
/// and only then opens a connection, which is then always free in the pool.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>Not Npgsql's 15 s, but not 2 either: a burst of activations opens the pool's connections at once, and on a loaded machine PostgreSQL took longer than 2 s to start some of their backends.</summary>
    public const int ConnectTimeoutSeconds = 5;
    public const int CommandTimeoutSeconds = 5;
    public const int CancellationTimeoutMilliseconds = 1000;
    public static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Statements here take a millisecond or so, so a few connections carry thousands a second; Npgsql's 100 per
    /// process would have a burst of activations open (and PostgreSQL fork) a hundred backends on every silo.
    /// </summary>
    public const int DefaultPoolSize = 32;

    private readonly RequestQueue _queue;

    public PostgresDatabase(string connectionString)
    {
        var builder = WithTimeouts(connectionString);
        PoolSize = builder.MaxPoolSize;
        _queue = new RequestQueue(PoolSize, QueueTimeout, "PostgreSQL is unavailable (every pooled connection is busy)");
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>How many connections this process opens at most (the connection string's Maximum Pool Size).</summary>
    public int PoolSize { get; }

    /// <summary>Runs <paramref name="work"/> on a pooled connection; unavailability becomes <see cref="StorageUnavailableException"/>.</summary>
    public Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _queue.RunAsync(async () =>
        {
            try
            {
                // Not resumed on the caller's scheduler (a grain's): nothing here needs it, and each resumption there queues.
                var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                    return await work(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsUnavailable(e, cancellationToken))
            {
                throw new StorageUnavailableException($"PostgreSQL is unavailable: {e.Message}", e);
            }
        }, cancellationToken);

    /// <summary>
    /// True for failures of reaching or keeping the server rather than of the statement: network errors and
    /// timeouts (Npgsql's own exceptions), connection exceptions (SQLSTATE class 08), the server shutting down or
    /// starting (57P01–57P03) and too many connections (53300). Our own cancellation is not one.
    /// </summary>
    public static bool IsUnavailable(Exception exception, CancellationToken cancellationToken = default) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException or TimeoutException or SocketException => true,
        _ => false,
    };

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static NpgsqlConnectionStringBuilder WithTimeouts(string connectionString)
    {
        // Only what the string leaves unset: an operator's explicit setting wins.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!new[] { "Maximum Pool Size", "MaxPoolSize" }.Any(given.ContainsKey)) builder.MaxPoolSize = DefaultPoolSize;
        if (!given.ContainsKey("Timeout")) builder.Timeout = ConnectTimeoutSeconds;
        if (!given.ContainsKey("Command Timeout")) builder.CommandTimeout = CommandTimeoutSeconds;
        if (!given.ContainsKey("Cancellation Timeout")) builder.CancellationTimeout = CancellationTimeoutMilliseconds;
        return builder;
    }
}
