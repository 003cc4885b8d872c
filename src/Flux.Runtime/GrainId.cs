namespace Flux.Runtime;

/// <summary>Identity of a grain: its type name (e.g. "entity") and its string key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
