using System.Security.Cryptography;
using System.Text;

namespace Flux.Contract;

/// <summary>
/// Namespace bearer tokens (docs/api.md §3.5, §6.8.1): random UUIDv4 strings shown once, kept
/// only as SHA-256 hashes and compared in constant time. Also mints namespace ids.
/// </summary>
public static class NamespaceToken
{
    private const string IdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh token: UUID version 4, canonical lowercase, from the cryptographic RNG.</summary>
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>SHA-256 of the token's UTF-8 bytes: the only form a token is stored in.</summary>
    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>True when <paramref name="presented"/> hashes to <paramref name="storedHash"/>; constant time in the hash.</summary>
    public static bool Matches(string presented, byte[] storedHash)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(storedHash);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var byteCount = Encoding.UTF8.GetByteCount(presented);
        var utf8 = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(presented, utf8);
        SHA256.HashData(utf8, hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    /// <summary>A fresh namespace id: <c>ns_</c> and 8 characters of <c>[0-9a-z]</c>, uniformly random.</summary>
    public static string NewNamespaceId() => "ns_" + RandomNumberGenerator.GetString(IdAlphabet, 8);
}
