using System.Text;

namespace Flux.Contract;

/// <summary>
/// Namespace names (docs/api.md §3.2, §6.8.1): 3 to 32 bytes of UTF-8, each character one of
/// <c>a-z 0-9 - _</c>. The length is checked before the characters, in bytes, so a short
/// non-ASCII name reports its bad character rather than its length.
/// </summary>
public static class NamespaceName
{
    /// <summary>The namespace of system entities; it can never be registered.</summary>
    public const string Reserved = "flux-core";

    public const int MinBytes = 3;
    public const int MaxBytes = 32;

    /// <summary>Null when <paramref name="name"/> is a valid namespace name, else the exact 400 message.</summary>
    public static string? Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes < MinBytes)
        {
            return "Namespace name too short (minimum 3 characters)";
        }

        if (bytes > MaxBytes)
        {
            return "Namespace name too long (maximum 32 characters)";
        }

        foreach (var rune in name.EnumerateRunes())
        {
            if (!IsAllowed(rune))
            {
                return $"Invalid character '{rune}' (must be [a-z0-9-_])";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="name"/> satisfies <c>^[a-z0-9_-]{3,32}$</c>.</summary>
    /// <remarks>Every allowed character is one byte of UTF-8, so counting chars counts bytes here.</remarks>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.Length is < MinBytes or > MaxBytes)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowed(Rune rune) => rune.IsAscii && IsAllowed((char)rune.Value);

    private static bool IsAllowed(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_';
}
