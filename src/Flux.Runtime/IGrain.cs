namespace Flux.Runtime;

/// <summary>Marker for grain interfaces.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key, as in Orleans.</summary>
public interface IGrainWithStringKey : IGrain;
