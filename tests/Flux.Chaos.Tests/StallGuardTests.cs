using System.Collections.Immutable;
using System.Net;
using Flux.Silo.Hosting;
using Flux.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;

namespace Flux.Chaos.Tests;

/// <summary>
/// The guard's rules with a membership table stand-in and a clock the test moves; the chaos run's zombie silo is
/// the proof with real processes.
/// </summary>
public sealed class StallGuardTests
{
    private static readonly SiloAddress Self = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    private sealed class Membership : IClusterMembershipService
    {
        public SiloStatus TableSays { get; set; } = SiloStatus.Active;

        public bool TableUnreachable { get; set; }

        public int Reads { get; private set; }

        /// <summary>When set, a read of the table waits for it: reads in flight at once.</summary>
        public TaskCompletionSource? Gate { get; set; }

        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } = Snapshot(SiloStatus.Active);

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public async ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default)
        {
            Reads++;
            if (Gate is { } gate)
                await gate.Task;
            if (TableUnreachable)
                throw new TimeoutException("connection to PostgreSQL timed out");
            CurrentSnapshot = Snapshot(TableSays);
        }

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();

        private static ClusterMembershipSnapshot Snapshot(SiloStatus status) =>
            new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(Self, new ClusterMember(Self, status, "silo")), new MembershipVersion(1));
    }

    private sealed class Silo : ILocalSiloDetails
    {
        public string Name => "silo";
        public string ClusterId => "flux";
        public string DnsHostName => "localhost";
        public SiloAddress SiloAddress => Self;
        public SiloAddress GatewayAddress => Self;
    }

    private static (StallGuard Guard, Membership Membership, FakeTimeProvider Time) Guard()
    {
        var membership = new Membership();
        var time = new FakeTimeProvider();
        var options = Options.Create(new ClusterMembershipOptions { ProbeTimeout = TimeSpan.FromSeconds(2) });
        return (new StallGuard(membership, new Silo(), options, time), membership, time);
    }

    [Fact]
    public void a_silo_that_keeps_running_serves_without_reading_the_membership_table()
    {
        var (guard, _, time) = Guard();
        for (var i = 0; i < 50; i++)
            time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.False(guard.MustConfirm);
    }

    [Fact]
    public async Task after_standing_still_longer_than_a_probe_the_silo_rereads_the_table_before_serving_and_goes_on_while_it_is_active()
    {
        var (guard, membership, time) = Guard();
        time.Advance(TimeSpan.FromSeconds(5)); // one tick, 5 s late: the process was stopped

        Assert.True(guard.MustConfirm);
        await guard.ConfirmMembershipAsync();

        Assert.Equal(1, membership.Reads);
        Assert.False(guard.MustConfirm);
    }

    [Fact]
    public async Task a_silo_the_table_declared_dead_while_it_stood_still_refuses_every_call()
    {
        var (guard, membership, time) = Guard();
        membership.TableSays = SiloStatus.Dead;
        time.Advance(TimeSpan.FromSeconds(20));

        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(guard.ConfirmMembershipAsync);
        Assert.Contains("the cluster now counts it as Dead", refused.Message);
        Assert.True(guard.MustConfirm);
    }

    [Fact]
    public async Task a_stalled_silo_that_cannot_read_the_table_answers_unavailable_and_tries_again_on_the_next_call()
    {
        var (guard, membership, time) = Guard();
        membership.TableUnreachable = true;
        time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<StorageUnavailableException>(guard.ConfirmMembershipAsync);
        membership.TableUnreachable = false;
        await guard.ConfirmMembershipAsync();

        Assert.Equal(2, membership.Reads);
        Assert.False(guard.MustConfirm);
    }

    [Fact]
    public async Task calls_waiting_after_a_stall_share_one_read_of_the_table()
    {
        var (guard, membership, time) = Guard();
        membership.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        time.Advance(TimeSpan.FromSeconds(5));

        var calls = Enumerable.Range(0, 10).Select(_ => guard.ConfirmMembershipAsync()).ToList();
        membership.Gate.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(1, membership.Reads);
    }
}
