namespace Flux.Functional.Tests.Hosting;

/// <summary>
/// The Flux a conformance test talks to, in the profile <c>FLUX_TEST_PROFILE</c> names: <c>embedded</c> (the default)
/// is one server process; <c>cluster</c> is one or two silos and a standalone gateway on the run's shared nats-server and
/// PostgreSQL. A test sees only <see cref="Server"/>, the process that serves the API, so one test proves both
/// profiles. The classes that run in both carry <c>[Trait("Suite", "conformance")]</c>; scripts/test runs them once
/// per profile.
/// </summary>
public sealed class FluxUnderTest : IAsyncDisposable
{
    public const string ProfileVariable = "FLUX_TEST_PROFILE";

    private readonly FluxCluster? _cluster;

    private FluxUnderTest(FluxServer server, FluxCluster? cluster)
    {
        Server = server;
        _cluster = cluster;
    }

    /// <summary>The embedded server, or the cluster's gateway.</summary>
    public FluxServer Server { get; }

    public FluxApi Api => Server.Api;

    /// <summary>The processes that hold the grains: the embedded server itself, or the cluster's silos.</summary>
    public IReadOnlyList<FluxServer> Silos => _cluster?.Silos ?? [Server];

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The settings every cluster process shares (FLUX_POSTGRES among them); null in the embedded profile.</summary>
    public IReadOnlyDictionary<string, string>? ClusterEnvironment => _cluster?.Environment;

    private static bool IsCluster => (Environment.GetEnvironmentVariable(ProfileVariable) ?? "") switch
    {
        "" or "embedded" => false,
        "cluster" => true,
        var other => throw new InvalidOperationException($"{ProfileVariable}='{other}' names no profile: use embedded or cluster"),
    };

    /// <param name="environment">Settings for every process of the deployment.</param>
    /// <param name="clusterSilos">
    /// How many silos the cluster profile starts. One, unless a test says otherwise: a test with a deployment of its
    /// own proves a setting or a behaviour of the gateway and the grains, which one silo shows as well as two, and each
    /// silo more is another process to start on the run's two cores. The servers classes share (<see cref="OpenServer"/>)
    /// have two, so most conformance tests spread their grains over silos; tests/…/Cluster prove what needs several.
    /// </param>
    public static async Task<FluxUnderTest> StartAsync(IReadOnlyDictionary<string, string>? environment = null, int clusterSilos = 1)
    {
        if (!IsCluster)
            return new FluxUnderTest(await FluxServer.StartAsync(environment), null);
        var cluster = await FluxCluster.StartAsync(silos: clusterSilos, gateways: 1, settings: environment, sharedServers: true);
        return new FluxUnderTest(cluster.Gateways[0], cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        else
            await Server.DisposeAsync();
    }
}
