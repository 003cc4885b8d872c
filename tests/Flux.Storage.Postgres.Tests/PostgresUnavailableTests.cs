using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Flux.Storage.Postgres.Tests;

/// <summary>A PostgreSQL that is down or silent gives <see cref="StorageUnavailableException"/> quickly, never a hang (invariant 7).</summary>
public sealed class PostgresUnavailableTests(DurablePostgresFixture postgres, ITestOutputHelper output) : IClassFixture<DurablePostgresFixture>
{
    /// <summary>The stated bound: the connect timeout plus a second of slack for a loaded machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(PostgresDatabase.ConnectTimeoutSeconds + 1);

    [Fact]
    public async Task every_store_call_on_a_stopped_server_fails_as_unavailable_within_the_bound()
    {
        await using var database = await postgres.CreateMigratedDatabaseAsync();
        var snapshots = new PostgresSnapshotStore(database);
        var index = new PostgresEntityIndex(database);
        var namespaces = new PostgresNamespaceStore(database);
        await snapshots.WriteAsync(TestStates.State("warm", """{"pool":"has a connection"}"""));

        await postgres.Server.KillAsync();
        try
        {
            await AssertUnavailableQuickly(() => snapshots.LoadAsync("warm"));
            await AssertUnavailableQuickly(() => snapshots.WriteAsync(TestStates.State("x", "{}")));
            await AssertUnavailableQuickly(() => index.ListAsync(EntityFilter.All, null, 10));
            await AssertUnavailableQuickly(() => index.CountAsync(EntityFilter.All));
            await AssertUnavailableQuickly(() => index.GetNamespaceStatsAsync("flux-core"));
            await AssertUnavailableQuickly(() => namespaces.GetAsync("dawn-coral"));
            await AssertUnavailableQuickly(() => namespaces.TryCreateAsync(new NamespaceRecord("n", "ns_1", [1], TestStates.Start)));
            await AssertUnavailableQuickly(() => namespaces.FindByTokenHashAsync([1]));
            await AssertUnavailableQuickly(() => namespaces.DeleteAsync("n"));
        }
        finally
        {
            await postgres.Server.StartAsync();
        }

        // Service resumes by itself: a broken pooled connection may fail one call, never more.
        await TestStates.WaitUntilAsync(async () =>
        {
            try
            {
                return await snapshots.LoadAsync("warm") is not null;
            }
            catch (StorageUnavailableException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "reads succeed again after the restart");
    }

    [Fact]
    public async Task a_server_that_accepts_connections_but_never_answers_fails_as_unavailable_within_the_bound()
    {
        // A listener that completes the TCP handshake and then says nothing, like a hung server or a black-holed route.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true) accepted.Add(await silent.AcceptSocketAsync());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        });
        try
        {
            await using var database = new PostgresDatabase($"Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Username=flux;Database=flux");

            await AssertUnavailableQuickly(() => new PostgresEntityIndex(database).CountAsync(EntityFilter.All));
        }
        finally
        {
            silent.Stop();
            await accepting;
            foreach (var socket in accepted) socket.Dispose();
        }
    }

    private async Task AssertUnavailableQuickly(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StorageUnavailableException>(call);
        output.WriteLine($"unavailable after: {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalMilliseconds:0} ms, bound {Bound.TotalMilliseconds:0} ms");
    }
}
