using System.Text;
using System.Text.Json;

namespace Flux.Contract.Tests;

/// <summary>Builds JsonElements from literal text; the returned element owns its memory.</summary>
internal static class Json
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
