namespace Flux.Contract;

/// <summary>Stream names (docs/api.md §3.3): dot-separated segments of <c>[a-z0-9]+</c>, no length limit.</summary>
public static class StreamName
{
    /// <summary>The stream tombstones are written to.</summary>
    public const string Deletions = "flux.events.deletions";

    /// <summary>True when <paramref name="name"/> matches <c>^[a-z0-9]+(\.[a-z0-9]+)*$</c>.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var segmentLength = 0;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (segmentLength == 0)
                {
                    return false;
                }

                segmentLength = 0;
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                segmentLength++;
            }
            else
            {
                return false;
            }
        }

        return segmentLength > 0;
    }
}
