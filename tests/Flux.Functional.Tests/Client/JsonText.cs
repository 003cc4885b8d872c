using System.Globalization;

namespace Flux.Functional.Tests.Client;

/// <summary>Fills «0», «1», … in a JSON template; JSON braces make C# interpolation unreadable.</summary>
public static class JsonText
{
    public static string Fill(string template, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            template = template.Replace($"«{i}»", Convert.ToString(values[i], CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return template;
    }
}
