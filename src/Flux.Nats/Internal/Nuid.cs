using System.Security.Cryptography;

namespace Flux.Nats.Internal;

/// <summary>Random base62 tokens for inbox names; 22 characters carry about 131 bits.</summary>
internal static class Nuid
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Next() => RandomNumberGenerator.GetString(Alphabet, 22);
}
