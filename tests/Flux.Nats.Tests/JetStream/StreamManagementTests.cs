using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class StreamManagementTests(NatsServerFixture fixture) : JetStreamTestBase(fixture)
{
    [Fact]
    public async Task account_info_reports_jetstream_usage()
    {
        await CreateStreamAsync();
        var info = await Js.GetAccountInfoAsync();
        Assert.True(info.Streams >= 1);
        Assert.Equal(-1, info.Limits.MaxStreams);
    }

    [Fact]
    public async Task create_then_info_shows_the_config_and_state()
    {
        var created = await CreateStreamAsync(c => c with { DuplicateWindow = TimeSpan.FromMinutes(2), AllowDirect = true, MaxMsgsPerSubject = 10 });
        Assert.Equal(Stream, created.Config.Name);
        Assert.Equal(TimeSpan.FromMinutes(2), created.Config.DuplicateWindow);
        Assert.Equal(StreamConfigStorage.File, created.Config.Storage);

        await Js.PublishAsync(Root + ".a", new byte[] { 1 });
        await Js.PublishAsync(Root + ".b", new byte[] { 2 });
        var info = await Js.GetStreamAsync(Stream, new StreamInfoRequest { SubjectsFilter = ">" });

        Assert.Equal(2UL, info.State.Messages);
        Assert.Equal(2, info.State.NumSubjects);
        Assert.Equal(1UL, info.State.Subjects![Root + ".a"]);
        Assert.True(info.Config.AllowDirect);
        Assert.Equal(10, info.Config.MaxMsgsPerSubject);
    }

    [Fact]
    public async Task update_changes_limits_of_an_existing_stream()
    {
        var created = await CreateStreamAsync();
        var updated = await Js.UpdateStreamAsync(created.Config with { MaxMsgs = 5, Description = "capped" });
        Assert.Equal(5, updated.Config.MaxMsgs);
        Assert.Equal("capped", (await Js.GetStreamAsync(Stream)).Config.Description);
    }

    [Fact]
    public async Task purge_by_subject_removes_only_that_subject()
    {
        await CreateStreamAsync();
        for (var i = 0; i < 3; i++) await Js.PublishAsync(Root + ".a", new byte[] { 1 });
        await Js.PublishAsync(Root + ".b", new byte[] { 1 });

        var purged = await Js.PurgeStreamAsync(Stream, new StreamPurgeRequest { Filter = Root + ".a" });

        Assert.Equal(3UL, purged);
        Assert.Equal(1UL, (await Js.GetStreamAsync(Stream)).State.Messages);
        Assert.Equal(1UL, await Js.PurgeStreamAsync(Stream));
    }

    [Fact]
    public async Task delete_removes_the_stream_and_later_calls_get_a_typed_not_found()
    {
        await CreateStreamAsync();
        Assert.True(await Js.DeleteStreamAsync(Stream));

        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () => await Js.GetStreamAsync(Stream));
        Assert.Equal(404, error.Code);
        Assert.Equal(NatsJSErrorCodes.StreamNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task creating_a_stream_with_overlapping_subjects_fails_with_the_server_error()
    {
        await CreateStreamAsync();
        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () =>
            await Js.CreateStreamAsync(new StreamConfig(Unique.Name("O"), [Root + ".x"])));
        Assert.Equal(400, error.Code);
        Assert.NotEqual(0, error.ErrorCode);
    }
}
