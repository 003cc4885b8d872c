namespace Flux.Functional.Tests.Client;

/// <summary>Entity ids unique to one test, so tests sharing a server never see each other's entities.</summary>
public static class Ids
{
    public static string Unique(string hint) => $"{hint}-{Guid.NewGuid():N}"[..(hint.Length + 13)];
}
