using System.Globalization;

namespace Flux.Contract;

/// <summary>
/// Server timestamps (docs/api.md §2.6): UTC, written <c>yyyy-MM-ddTHH:mm:ss.ffffff+00:00</c>.
/// They are kept at microsecond precision so what a client reads parses back to the stored value.
/// </summary>
public static class ServerTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>The wire form, always in UTC with six fractional digits and a <c>+00:00</c> offset.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Drops sub-microsecond ticks and moves the value to UTC.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value)
    {
        var utcTicks = value.UtcTicks;
        return new DateTimeOffset(utcTicks - (utcTicks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Parses history's <c>since</c> (§6.3): an RFC 3339 date-time such as
    /// <c>2026-02-25T00:00:00Z</c> or <c>2026-02-25T01:00:00.5+01:00</c>. Because a literal
    /// <c>+</c> in a query string decodes to a space, a space where the offset sign belongs is
    /// read as <c>+</c>. The date/time separator may be <c>T</c>, <c>t</c> or a space (RFC 3339
    /// §5.6 note). A value without an offset is taken as UTC: that is what Python's
    /// <c>datetime.utcnow().isoformat()</c> produces, and refusing it would help nobody.
    /// Fractions longer than 7 digits are truncated to .NET's 100 ns resolution.
    /// </summary>
    public static bool TryParseSince(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan();
        if (s.Length < 19
            || !TryDigits(s, 0, 4, out var year) || s[4] != '-'
            || !TryDigits(s, 5, 2, out var month) || s[7] != '-'
            || !TryDigits(s, 8, 2, out var day) || s[10] is not ('T' or 't' or ' ')
            || !TryDigits(s, 11, 2, out var hour) || s[13] != ':'
            || !TryDigits(s, 14, 2, out var minute) || s[16] != ':'
            || !TryDigits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            long scale = TimeSpan.TicksPerSecond / 10;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                fractionTicks += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        TimeSpan offset;
        if (i == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (s[i] is 'Z' or 'z' && i + 1 == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (s[i] is '+' or '-' or ' ' && i + 6 == s.Length
            && TryDigits(s, i + 1, 2, out var offsetHours) && s[i + 3] == ':'
            && TryDigits(s, i + 4, 2, out var offsetMinutes)
            && offsetHours <= 23 && offsetMinutes <= 59)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (s[i] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)
            || year < 1 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
            value = new DateTimeOffset(local, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Instants outside DateTimeOffset's range (e.g. 0001-01-01T00:00:00+01:00).
            return false;
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
