using System.Runtime.Versioning;
using System.Text;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Flux.Testing.Tests;

public sealed class NatsServerTests
{
    [Fact]
    public async Task a_jetstream_stream_created_on_the_server_acknowledges_a_publish()
    {
        await using var server = new NatsServer();
        await server.StartAsync();
        await using var nats = new NatsClient(server.Url);
        var js = nats.CreateJetStreamContext();
        await js.CreateStreamAsync(new StreamConfig("EVENTS", ["events.>"]) { Storage = StreamConfigStorage.File });

        var ack = await js.PublishAsync("events.order", Encoding.UTF8.GetBytes("created"), opts: new NatsJSPubOpts { MsgId = "order-1" });

        ack.EnsureSuccess();
        Assert.Equal("EVENTS", ack.Stream);
        Assert.Equal(1UL, ack.Seq);
    }

    [Fact]
    public async Task an_append_with_a_stale_expected_last_subject_sequence_is_refused()
    {
        await using var server = new NatsServer();
        await server.StartAsync();
        await using var nats = new NatsClient(server.Url);
        var js = nats.CreateJetStreamContext();
        await js.CreateStreamAsync(new StreamConfig("ENTITIES", ["entity.>"]) { Storage = StreamConfigStorage.File });
        (await js.PublishAsync("entity.a", "first"u8.ToArray(), opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = 0 })).EnsureSuccess();
        (await js.PublishAsync("entity.a", "second"u8.ToArray(), opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = 1 })).EnsureSuccess();

        var stale = await js.PublishAsync("entity.a", "stale"u8.ToArray(), opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = 1 });

        var refused = Assert.Throws<NatsJSApiException>(stale.EnsureSuccess);
        Assert.Equal(10071, refused.Error.ErrCode);
        Assert.Equal(2, (await js.GetStreamAsync("ENTITIES")).Info.State.Messages);
    }

    [Fact]
    public async Task a_consumer_with_filter_subjects_receives_only_those_subjects()
    {
        // nats-server 2.9 ignores filter_subjects and delivers every subject: the reason the helper wants 2.10.
        await using var server = new NatsServer();
        await server.StartAsync();
        await using var nats = new NatsClient(server.Url);
        var js = nats.CreateJetStreamContext();
        await js.CreateStreamAsync(new StreamConfig("ENTITIES", ["entity.>"]) { Storage = StreamConfigStorage.File });
        foreach (var subject in new[] { "entity.a.1", "entity.b.1", "entity.a.2", "entity.b.2" })
            (await js.PublishAsync(subject, "x"u8.ToArray())).EnsureSuccess();
        var consumer = await js.CreateOrUpdateConsumerAsync("ENTITIES", new ConsumerConfig
        {
            Name = "only-b",
            FilterSubjects = ["entity.b.*"],
            AckPolicy = ConsumerConfigAckPolicy.None,
        });

        var received = new List<string>();
        var fetch = new NatsJSFetchOpts { MaxMsgs = 2, Expires = TimeSpan.FromSeconds(5) };
        await foreach (var message in consumer.FetchAsync<byte[]>(fetch)) received.Add(message.Subject);
        await consumer.RefreshAsync();

        Assert.Equal(["entity.b.1", "entity.b.2"], received);
        Assert.Equal(0UL, consumer.Info.NumPending);
    }

    [Fact]
    public async Task a_killed_and_restarted_server_keeps_the_acknowledged_messages_on_the_same_url()
    {
        await using var server = new NatsServer();
        await server.StartAsync();
        var urlBefore = server.Url;
        await using (var nats = new NatsClient(server.Url))
        {
            var js = nats.CreateJetStreamContext();
            await js.CreateStreamAsync(new StreamConfig("KEPT", ["kept.>"]) { Storage = StreamConfigStorage.File });
            for (var i = 1; i <= 100; i++)
                (await js.PublishAsync($"kept.{i % 10}", Encoding.UTF8.GetBytes($"message {i}"))).EnsureSuccess();
        }

        await server.StopAsync();
        await server.StartAsync();

        Assert.Equal(urlBefore, server.Url);
        await using var reconnected = new NatsClient(server.Url);
        var stream = await reconnected.CreateJetStreamContext().GetStreamAsync("KEPT");
        Assert.Equal(100, stream.Info.State.Messages);
        Assert.Equal(100UL, stream.Info.State.LastSeq);
        var last = await stream.GetAsync(new StreamMsgGetRequest { Seq = 100 });
        Assert.Equal("message 100", Encoding.UTF8.GetString(last.Message.Data.Span));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // the fake nats-server is a shell script
    public async Task the_server_refuses_a_nats_server_older_than_2_10()
    {
        var fakeDirectory = Directory.CreateTempSubdirectory("flux-fake-nats-");
        try
        {
            var fake = Path.Combine(fakeDirectory.FullName, "nats-server");
            await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'nats-server: v2.9.10'\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await using var server = new NatsServer(binary: fake);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());

            Assert.Contains("2.9.10", refused.Message);
            Assert.Contains("2.10 or newer", refused.Message);
            Assert.Contains(NatsServer.BinaryVariable, refused.Message);
        }
        finally
        {
            fakeDirectory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task a_missing_nats_server_binary_is_named_with_what_to_install()
    {
        await using var server = new NatsServer(binary: Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "nats-server"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());

        Assert.Contains("nats-server not found", refused.Message);
        Assert.Contains("2.10", refused.Message);
    }

    [Fact]
    public async Task two_servers_get_different_ports_and_store_directories()
    {
        await using var first = new NatsServer();
        await using var second = new NatsServer();
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var urls = new[] { first.Url, second.Url, first.MonitoringUrl, second.MonitoringUrl };
        Assert.Equal(4, urls.Select(u => new Uri(u).Port).Distinct().Count());
        Assert.NotEqual(first.StoreDirectory, second.StoreDirectory);
    }

    [Fact]
    public async Task disposing_the_server_deletes_its_store_directory()
    {
        var server = new NatsServer(syncInterval: "always");
        await server.StartAsync();
        var store = server.StoreDirectory;
        Assert.True(Directory.Exists(store));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(store));
    }
}
