using System.Text;

namespace Flux.Storage.Sqlite;

/// <summary>
/// The half-open range [<see cref="From"/>, <see cref="Before"/>) of ids that start with a prefix, in the
/// store's order: SQLite's BINARY collation compares UTF-8 bytes, which is Unicode code point order.
/// Range bounds use the primary key index and treat every character literally (no LIKE wildcards).
/// </summary>
internal sealed record IdRange(string From, string? Before)
{
    public static IdRange StartingWith(string prefix) => new(prefix, Successor(prefix));

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>, or null if there is none.</summary>
    private static string? Successor(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToArray();
        for (var i = runes.Length - 1; i >= 0; i--)
        {
            var value = runes[i].Value;
            if (value == 0x10FFFF)
            {
                continue;
            }

            var next = value + 1 == 0xD800 ? 0xE000 : value + 1;
            var builder = new StringBuilder(prefix.Length + 1);
            for (var j = 0; j < i; j++)
            {
                builder.Append(runes[j].ToString());
            }

            return builder.Append(new Rune(next).ToString()).ToString();
        }

        return null;
    }
}
