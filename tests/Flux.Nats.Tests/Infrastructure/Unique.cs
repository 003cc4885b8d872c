namespace Flux.Nats.Tests.Infrastructure;

/// <summary>Names that no other test uses, so tests can share one server.</summary>
public static class Unique
{
    public static string Name(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)].ToUpperInvariant();
    public static string Subject(string prefix) => $"{prefix}.{Guid.NewGuid():N}";
}
