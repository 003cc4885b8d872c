using System.Text;
using Flux.Nats.JetStream;
using Flux.Nats.KeyValue;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.KeyValue;

[Collection(NatsCollection.Name)]
public sealed class KeyValueTests(NatsServerFixture fixture) : IAsyncLifetime
{
    private NatsConnection _nats = null!;
    private NatsKVContext _kv = null!;
    private readonly string _bucket = Unique.Name("b");

    public async Task InitializeAsync()
    {
        _nats = await fixture.ConnectAsync();
        _kv = new NatsKVContext(new NatsJSContext(_nats));
    }

    public async Task DisposeAsync()
    {
        try { await _kv.DeleteStoreAsync(_bucket); } catch (NatsException) { }
        await _nats.DisposeAsync();
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    private static string S(ReadOnlyMemory<byte> m) => Encoding.UTF8.GetString(m.Span);

    [Fact]
    public async Task put_then_get_returns_the_latest_value_and_its_revision()
    {
        var store = await _kv.CreateStoreAsync(new NatsKVConfig(_bucket) { History = 5 });
        var r1 = await store.PutAsync("lease.p1", B("node-a"));
        var r2 = await store.PutAsync("lease.p1", B("node-b"));

        var entry = await store.GetEntryAsync("lease.p1");

        Assert.True(r2 > r1);
        Assert.Equal("node-b", S(entry!.Value));
        Assert.Equal(r2, entry.Revision);
        Assert.Equal(NatsKVOperation.Put, entry.Operation);
        Assert.Null(await store.GetEntryAsync("lease.none"));
    }

    [Fact]
    public async Task update_with_a_stale_revision_loses_the_compare_and_set()
    {
        var store = await _kv.CreateStoreAsync(new NatsKVConfig(_bucket));
        var r1 = await store.CreateAsync("owner", B("a"));
        var r2 = await store.UpdateAsync("owner", B("b"), r1);

        var conflict = await Assert.ThrowsAsync<NatsKVWrongLastRevisionException>(async () => await store.UpdateAsync("owner", B("c"), r1));

        Assert.Equal(r1, conflict.ExpectedRevision);
        Assert.Equal(r2, conflict.ActualRevision);
        Assert.Equal("b", S((await store.GetEntryAsync("owner"))!.Value));
    }

    [Fact]
    public async Task create_fails_when_the_key_exists_and_succeeds_again_after_delete()
    {
        var store = await _kv.CreateStoreAsync(new NatsKVConfig(_bucket));
        await store.CreateAsync("k", B("1"));
        await Assert.ThrowsAsync<NatsKVWrongLastRevisionException>(async () => await store.CreateAsync("k", B("2")));

        await store.DeleteAsync("k");
        Assert.Null(await store.GetEntryAsync("k"));

        var revision = await store.CreateAsync("k", B("3"));
        Assert.Equal(revision, (await store.GetEntryAsync("k"))!.Revision);
    }

    [Fact]
    public async Task delete_with_a_stale_revision_is_refused()
    {
        var store = await _kv.CreateStoreAsync(new NatsKVConfig(_bucket));
        var r1 = await store.PutAsync("k", B("1"));
        await store.PutAsync("k", B("2"));

        await Assert.ThrowsAsync<NatsKVWrongLastRevisionException>(async () => await store.DeleteAsync("k", r1));
        Assert.NotNull(await store.GetEntryAsync("k"));
    }

    [Fact]
    public async Task an_existing_bucket_opens_and_a_missing_one_is_a_typed_error()
    {
        await _kv.CreateStoreAsync(new NatsKVConfig(_bucket));
        var opened = await _kv.GetStoreAsync(_bucket);
        await opened.PutAsync("x", B("y"));
        Assert.Equal("y", S((await opened.GetEntryAsync("x"))!.Value));

        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () => await _kv.GetStoreAsync(Unique.Name("missing")));
        Assert.Equal(NatsJSErrorCodes.StreamNotFound, error.ErrorCode);
        await Assert.ThrowsAsync<ArgumentException>(async () => await opened.PutAsync("bad key", B("v")));
    }
}
