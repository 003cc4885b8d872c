using System.Threading.Channels;
using NATS.Client.Core;
using static Flux.Storage.JetStream.Tests.TestEvents;

namespace Flux.Storage.JetStream.Tests;

/// <summary>What an activation's replay leaves for the entity's first append: the reads it saves, and the retries it still catches (G6).</summary>
public sealed class ReplayTailTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    [Fact]
    public async Task a_new_entity_whose_replay_found_no_events_takes_its_first_append_without_another_read()
    {
        var stream = NatsFixture.NewStream();
        await using var log = await nats.OpenLogAsync(stream);
        await using var reads = await DirectGets.WatchAsync(nats.Server.Url, stream);

        Assert.Empty(await log.ReplayAsync("pump"));
        var afterReplay = await reads.CountAsync();
        var appended = await log.AppendAsync(new AppendBatch([Event("n1", "pump")], ExpectedLastPosition: 0));

        Assert.Equal(1, afterReplay);
        Assert.Equal(afterReplay, await reads.CountAsync());
        Assert.False(appended[0].Duplicate);
        Assert.Equal(["n1"], (await log.ReplayAsync("pump")).Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task a_retry_after_a_restart_whose_replay_read_the_whole_subject_is_a_duplicate_without_another_read()
    {
        var stream = NatsFixture.NewStream();
        IReadOnlyList<AppendResult> first;
        await using (var before = await nats.OpenLogAsync(stream))
            first = await before.AppendAsync(new AppendBatch([Event("r1", "pump"), Event("r2", "pump")], ExpectedLastPosition: 0));
        await using var after = await nats.OpenLogAsync(stream);
        await using var reads = await DirectGets.WatchAsync(nats.Server.Url, stream);

        Assert.Equal(2, (await after.ReplayAsync("pump")).Count);
        var afterReplay = await reads.CountAsync();
        var retried = await after.AppendAsync(new AppendBatch([Event("r2", "pump"), Event("r3", "pump")], ExpectedLastPosition: first[^1].Position));

        Assert.Equal(afterReplay, await reads.CountAsync());
        Assert.Equal(new AppendResult(first[1].Position, true), retried[0]);
        Assert.False(retried[1].Duplicate);
        Assert.Equal(["r1", "r2", "r3"], (await after.ReplayAsync("pump")).Select(e => e.Event.EventId));
        Assert.Equal(3, await after.CountAsync());
    }

    [Fact]
    public async Task a_retry_after_a_restart_whose_replay_stopped_at_a_snapshot_inside_the_window_is_still_a_duplicate()
    {
        var stream = NatsFixture.NewStream();
        IReadOnlyList<AppendResult> first;
        await using (var before = await nats.OpenLogAsync(stream))
            first = await before.AppendAsync(new AppendBatch([Event("s1", "pump"), Event("s2", "pump")], ExpectedLastPosition: 0));
        await using var after = await nats.OpenLogAsync(stream);

        Assert.Empty(await after.ReplayAsync("pump", after: first[^1].Position));
        var retried = await after.AppendAsync(new AppendBatch([Event("s1", "pump")], ExpectedLastPosition: first[^1].Position));

        Assert.Equal(new AppendResult(first[0].Position, true), retried[0]);
        Assert.Equal(2, await after.CountAsync());
    }

    [Fact]
    public async Task a_replay_that_read_an_old_tail_still_lets_the_fence_refuse_a_writer_that_moved_since()
    {
        var stream = NatsFixture.NewStream();
        await using var stale = await nats.OpenLogAsync(stream);
        await using var other = await nats.OpenLogAsync(stream);

        Assert.Empty(await stale.ReplayAsync("pump"));
        await other.AppendAsync(new AppendBatch([Event("o1", "pump")], ExpectedLastPosition: 0));

        await Assert.ThrowsAsync<AppendFencedException>(() => stale.AppendAsync(new AppendBatch([Event("o2", "pump")], ExpectedLastPosition: 0)));
        Assert.Equal(["o1"], (await other.ReplayAsync("pump")).Select(e => e.Event.EventId));
    }

    /// <summary>
    /// Counts the direct gets a stream is asked for, as a plain subscriber on JetStream's direct-get subjects sees them.
    /// <see cref="CountAsync"/> sends a marker request after everything already answered and counts what came before it.
    /// </summary>
    private sealed class DirectGets : IAsyncDisposable
    {
        private const string Marker = "$JS.API.DIRECT.GET.FLUX_TEST_MARKER";
        private readonly NatsConnection _nats;
        private readonly INatsSub<byte[]> _requests;
        private readonly string _stream;
        private int _count;

        private DirectGets(NatsConnection nats, INatsSub<byte[]> requests, string stream) => (_nats, _requests, _stream) = (nats, requests, stream);

        public static async Task<DirectGets> WatchAsync(string url, string stream)
        {
            var connection = new NatsConnection(new NatsOpts { Url = url, Name = "direct-get-watch" });
            var requests = await connection.SubscribeCoreAsync<byte[]>("$JS.API.DIRECT.GET.>");
            await connection.PingAsync();
            return new DirectGets(connection, requests, stream);
        }

        public async Task<int> CountAsync()
        {
            await using var sender = new NatsConnection(new NatsOpts { Url = _nats.Opts.Url, Name = "direct-get-marker" });
            await sender.PublishAsync(Marker, Array.Empty<byte>());
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await foreach (var request in _requests.Msgs.ReadAllAsync(deadline.Token))
            {
                if (request.Subject == Marker)
                    return _count;
                if (request.Subject == "$JS.API.DIRECT.GET." + _stream || request.Subject.StartsWith("$JS.API.DIRECT.GET." + _stream + ".", StringComparison.Ordinal))
                    _count++;
            }

            throw new ChannelClosedException("the direct-get subscription ended");
        }

        public async ValueTask DisposeAsync()
        {
            await _requests.DisposeAsync();
            await _nats.DisposeAsync();
        }
    }
}
