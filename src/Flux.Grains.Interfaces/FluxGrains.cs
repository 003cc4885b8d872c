namespace Flux.Grains.Interfaces;

/// <summary>
/// References to Flux's grains by key. Orleans' <c>GetGrain&lt;T&gt;(key)</c> resolves the interface's grain type
/// by reflection on every call, which took a tenth of a read's CPU here; this resolves it once per interface
/// and builds each reference from its grain id.
/// </summary>
public sealed class FluxGrains(IGrainFactory factory)
{
    private Kind? _entity;
    private Kind? _namespace;
    private IDirectoryGrain? _directory;
    private IClusterMetricsGrain? _clusterMetrics;
    private IRuntimeLimitsGrain? _runtimeLimits;

    public IEntityGrain Entity(string entityId) => (_entity ??= Kind.Of<IEntityGrain>(factory)).Get<IEntityGrain>(factory, entityId);

    public INamespaceGrain Namespace(string name) => (_namespace ??= Kind.Of<INamespaceGrain>(factory)).Get<INamespaceGrain>(factory, name);

    /// <summary>The one directory grain (<see cref="IDirectoryGrain.Key"/>).</summary>
    public IDirectoryGrain Directory => _directory ??= factory.GetGrain<IDirectoryGrain>(IDirectoryGrain.Key);

    /// <summary>The one grain gathering the cluster's figures (<see cref="IClusterMetricsGrain.Key"/>).</summary>
    public IClusterMetricsGrain ClusterMetrics => _clusterMetrics ??= factory.GetGrain<IClusterMetricsGrain>(IClusterMetricsGrain.Key);

    /// <summary>The one grain holding the cluster's runtime limits (<see cref="IRuntimeLimitsGrain.Key"/>).</summary>
    public IRuntimeLimitsGrain RuntimeLimits => _runtimeLimits ??= factory.GetGrain<IRuntimeLimitsGrain>(IRuntimeLimitsGrain.Key);

    private sealed record Kind(GrainType Type, GrainInterfaceType Interface)
    {
        public static Kind Of<T>(IGrainFactory factory) where T : IGrainWithStringKey
        {
            var sample = (GrainReference)(object)factory.GetGrain<T>("sample");
            return new Kind(sample.GrainId.Type, sample.InterfaceType);
        }

        public T Get<T>(IGrainFactory factory, string key) => (T)factory.GetGrain(GrainId.Create(Type, key), Interface);
    }
}
