using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;

namespace Flux.Grains;

/// <summary>
/// A namespace: its registration (token kept only as a hash), and its rate-limit bucket, which lives
/// in memory as the contract allows (docs/api.md §8) and starts full when the grain activates.
/// </summary>
[GrainType("namespace")]
public sealed class NamespaceGrain(INamespaceStore store, IEntityIndex index, TimeProvider time) : Grain, INamespaceGrain
{
    private string Key => field ??= this.GetPrimaryKeyString();
    private NamespaceRecord? _record;
    private readonly TokenBucket _bucket = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _record = await store.GetAsync(Key, cancellationToken);

    public async Task<RegisteredNamespace?> RegisterAsync()
    {
        if (_record is not null)
            return null;
        var token = NamespaceToken.NewToken();
        var record = new NamespaceRecord(Key, NamespaceToken.NewNamespaceId(), NamespaceToken.Hash(token),
            ServerTime.TruncateToMicroseconds(time.GetUtcNow()));
        if (!await store.TryCreateAsync(record))
        {
            _record = await store.GetAsync(Key);
            return null;
        }
        _record = record;
        return new RegisteredNamespace(record.NamespaceId, record.Name, token, record.CreatedAt);
    }

    public async Task<NamespaceInfo?> GetInfoAsync()
    {
        if (_record is not { } record)
            return null;
        var count = await index.CountAsync(new EntityFilter(Namespace: Key));
        return new NamespaceInfo(record.NamespaceId, record.Name, record.CreatedAt, count);
    }

    public async Task<bool> RemoveAsync()
    {
        _record = null;
        return await store.DeleteAsync(Key);
    }

    public Task<WriteAdmission> AdmitWritesAsync(string token, int count, int ratePerMinute)
    {
        if (_record is null)
            return Task.FromResult(new WriteAdmission(WriteVerdict.NotRegistered, 0, 0));
        if (!NamespaceToken.Matches(token, _record.TokenHash))
            return Task.FromResult(new WriteAdmission(WriteVerdict.WrongToken, 0, 0));
        return Task.FromResult(Take(count, ratePerMinute));
    }

    public Task<WriteAdmission> AdmitOwnWritesAsync(int count, int ratePerMinute) =>
        Task.FromResult(_record is null ? new WriteAdmission(WriteVerdict.NotRegistered, 0, 0) : Take(count, ratePerMinute));

    private WriteAdmission Take(int count, int ratePerMinute)
    {
        if (ratePerMinute <= 0)
            return new WriteAdmission(WriteVerdict.Allowed, count, 0);
        var (admitted, retryAfter) = _bucket.Take(count, ratePerMinute, time.GetUtcNow());
        return new WriteAdmission(WriteVerdict.Allowed, admitted, retryAfter);
    }

    public Task<bool> IsTokenAsync(string token) =>
        Task.FromResult(_record is not null && NamespaceToken.Matches(token, _record.TokenHash));
}
