using Flux.Runtime;

namespace Flux.Grains.Interfaces;

/// <summary>Turns <see cref="INamespaceGrain"/> calls into call values for the dispatcher.</summary>
public sealed class NamespaceGrainReference(GrainId id, IGrainCallDispatcher dispatcher) : GrainReference(id, dispatcher), INamespaceGrain
{
    public const string TypeName = "namespace";

    public Task<RegisteredNamespace?> RegisterAsync() => InvokeAsync(RegisterCall.Instance);

    public Task<NamespaceInfo?> GetInfoAsync() => InvokeAsync(GetInfoCall.Instance);

    public Task<bool> RemoveAsync() => InvokeAsync(RemoveCall.Instance);

    public Task<WriteAdmission> AdmitWritesAsync(string token, int count, int ratePerMinute) =>
        InvokeAsync(new AdmitWritesCall(token, count, ratePerMinute));

    public Task<bool> IsTokenAsync(string token) => InvokeAsync(new IsTokenCall(token));

    public sealed record RegisterCall : IGrainCall<INamespaceGrain, RegisteredNamespace?>
    {
        public static readonly RegisterCall Instance = new();
        public bool IsReadOnly => false;
        public Task<RegisteredNamespace?> InvokeAsync(INamespaceGrain grain) => grain.RegisterAsync();
    }

    public sealed record GetInfoCall : IGrainCall<INamespaceGrain, NamespaceInfo?>
    {
        public static readonly GetInfoCall Instance = new();
        public bool IsReadOnly => true;
        public Task<NamespaceInfo?> InvokeAsync(INamespaceGrain grain) => grain.GetInfoAsync();
    }

    public sealed record RemoveCall : IGrainCall<INamespaceGrain, bool>
    {
        public static readonly RemoveCall Instance = new();
        public bool IsReadOnly => false;
        public Task<bool> InvokeAsync(INamespaceGrain grain) => grain.RemoveAsync();
    }

    public sealed record AdmitWritesCall(string Token, int Count, int RatePerMinute) : IGrainCall<INamespaceGrain, WriteAdmission>
    {
        public bool IsReadOnly => false;
        public Task<WriteAdmission> InvokeAsync(INamespaceGrain grain) => grain.AdmitWritesAsync(Token, Count, RatePerMinute);
    }

    public sealed record IsTokenCall(string Token) : IGrainCall<INamespaceGrain, bool>
    {
        public bool IsReadOnly => true;
        public Task<bool> InvokeAsync(INamespaceGrain grain) => grain.IsTokenAsync(Token);
    }
}
