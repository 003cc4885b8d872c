using System.Text.RegularExpressions;

namespace Flux.Connectors.GitHub;

/// <summary>The <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header, as GitHub sends it for pagination.</summary>
internal static partial class LinkHeader
{
    public static Uri? Next(IEnumerable<string> values)
    {
        foreach (var value in values)
            foreach (Match link in LinkValue().Matches(value))
            {
                var relations = link.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (relations.Contains("next", StringComparer.OrdinalIgnoreCase)
                    && Uri.TryCreate(link.Groups["url"].Value, UriKind.Absolute, out var next))
                    return next;
            }

        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]*)>\s*;\s*rel="(?<rel>[^"]*)"\s*""")]
    private static partial Regex LinkValue();
}
