using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Flux.Gateway.WorldView;

/// <summary>One file of the page: its bytes, content type and entity tag.</summary>
public sealed record WorldViewAsset(string Name, byte[] Content, string ContentType, EntityTagHeaderValue ETag);

/// <summary>
/// The world view's files, embedded in this assembly (Flux.Gateway.csproj names them <c>WorldView/&lt;file&gt;</c>),
/// so a published binary or a container image serves the page with nothing beside it. They are read once; each
/// carries a tag derived from its bytes, so a browser revalidates cheaply and never keeps a file an upgrade changed.
/// </summary>
public sealed class WorldViewAssets
{
    private const string ResourcePrefix = "WorldView/";

    private readonly FrozenDictionary<string, WorldViewAsset> _assets;

    public WorldViewAssets()
    {
        var assembly = typeof(WorldViewAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, WorldViewAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            var content = Read(assembly, resource);
            var type = types.TryGetContentType(name, out var known) ? known : "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal))
                type += "; charset=utf-8";
            var tag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"");
            assets[name] = new WorldViewAsset(name, content, type, tag);
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _assets.Keys;

    public WorldViewAsset? Find(string name) => _assets.GetValueOrDefault(name);

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
