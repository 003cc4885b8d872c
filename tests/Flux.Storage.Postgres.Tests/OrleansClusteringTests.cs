using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Placement;

namespace Flux.Storage.Postgres.Tests;

/// <summary>
/// The clustering migration proven by Orleans itself: two silos and a client (Microsoft.Orleans.Clustering.AdoNet,
/// Invariant "Npgsql") find each other through the tables and queries of <see cref="OrleansClusteringSchema"/>.
/// Each silo gets fresh loopback ports (Orleans binds with ReuseAddress: a reused port could be shared silently)
/// and every host is stopped before the test ends.
/// </summary>
public sealed class OrleansClusteringTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int ActiveStatus = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task two_silos_join_through_postgres_serve_grains_and_the_survivor_takes_over_when_one_stops()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using (var database = new PostgresDatabase(connectionString))
        {
            await PostgresMigrations.ApplyAsync(database.DataSource);
        }

        var clusterId = "flux-test-" + Guid.NewGuid().ToString("N")[..8];
        var ports = FreeLoopbackPorts(4);
        var hosts = new List<IHost>();
        try
        {
            var first = await StartAsync(hosts, Silo(connectionString, clusterId, ports[0], ports[1]));
            var second = await StartAsync(hosts, Silo(connectionString, clusterId, ports[2], ports[3]));
            var client = await StartAsync(hosts, Client(connectionString, clusterId));
            var grains = client.Services.GetRequiredService<IClusterClient>();

            await WaitUntilAsync(async () => (await ActiveSilosAsync(connectionString, clusterId)).SetEquals([ports[0], ports[2]]), "both silos active in the membership table");
            var placedOn = new Dictionary<string, string>();
            var key = 0;
            await WaitUntilAsync(async () =>
            {
                var id = $"entity-{key++}";
                placedOn[id] = await grains.GetGrain<ISiloEchoGrain>(id).WhereAsync();
                return placedOn.Values.Distinct().Count() == 2;
            }, "grain calls land on both silos");

            await second.StopAsync();
            hosts.Remove(second);
            second.Dispose();

            await WaitUntilAsync(async () => (await ActiveSilosAsync(connectionString, clusterId)).SetEquals([ports[0]]), "only the survivor active");
            // A silo's identity is its address, "S127.0.0.1:<silo port>:<generation>".
            var survivor = Assert.Single(placedOn.Values.Distinct(), identity => identity.Contains($":{ports[0]}:", StringComparison.Ordinal));
            await WaitUntilAsync(async () =>
            {
                var answers = await Task.WhenAll(placedOn.Keys.Select(id => grains.GetGrain<ISiloEchoGrain>(id).WhereAsync()));
                return answers.All(answer => answer == survivor);
            }, "every grain, including those of the stopped silo, answers from the survivor");
        }
        finally
        {
            // Client first, then silos, newest first; none may outlive the test.
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].StopAsync();
                hosts[i].Dispose();
            }
        }
    }

    private static IHostBuilder Silo(string connectionString, string clusterId, int siloPort, int gatewayPort) =>
        new HostBuilder().UseOrleans(silo => silo
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = "flux-tests";
            })
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            })
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false));

    private static IHostBuilder Client(string connectionString, string clusterId) =>
        new HostBuilder().UseOrleansClient(client => client
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = "flux-tests";
            })
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            }));

    private static async Task<IHost> StartAsync(List<IHost> hosts, IHostBuilder builder)
    {
        var host = builder.Build();
        hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    /// <summary>The silo ports the membership table lists as Active for the cluster.</summary>
    private static async Task<HashSet<int>> ActiveSilosAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT Port FROM OrleansMembershipTable WHERE DeploymentId = $1 AND Status = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ActiveStatus });
        await using var reader = await command.ExecuteReaderAsync();
        var ports = new HashSet<int>();
        while (await reader.ReadAsync()) ports.Add(reader.GetInt32(0));
        return ports;
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) => TestStates.WaitUntilAsync(condition, Deadline, what);

    /// <summary>Distinct free ports, all held until all are chosen.</summary>
    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners) listener.Start();
        try
        {
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}

public interface ISiloEchoGrain : IGrainWithStringKey
{
    /// <summary>The identity of the silo the activation runs on.</summary>
    Task<string> WhereAsync();
}

/// <summary>Random placement, so a handful of keys is enough to reach both silos.</summary>
[RandomPlacement]
public sealed class SiloEchoGrain : Grain, ISiloEchoGrain
{
    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}
