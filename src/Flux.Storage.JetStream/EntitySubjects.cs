using System.Buffers.Text;
using System.Text;

namespace Flux.Storage.JetStream;

/// <summary>
/// The subject each entity's events are stored on: <c>&lt;stream&gt;.e.&lt;id&gt;</c>, the id as unpadded
/// base64url of its UTF-8 bytes. Entity ids may hold '.', '*', '>', spaces and any unicode, none of which a
/// subject token may; base64url's alphabet (A-Z a-z 0-9 - _) is always a valid token, and distinct ids stay
/// distinct. Events that name no entity go to <c>&lt;stream&gt;.none</c>.
/// </summary>
internal sealed class EntitySubjects(string stream)
{
    /// <summary>
    /// The longest entity id stored, in UTF-8 bytes (the contract asks for 256 characters, at most 1,024 bytes).
    /// Its subject is then ~1,400 characters, well inside nats-server's 4,096-byte limit on a protocol line.
    /// </summary>
    public const int MaxEntityIdBytes = 1024;

    public string All { get; } = stream + ".>";

    public string NoEntity { get; } = stream + ".none";

    public string For(string entityId)
    {
        var bytes = Encoding.UTF8.GetBytes(entityId);
        if (bytes.Length is 0 or > MaxEntityIdBytes)
            throw new ArgumentException($"an entity id must be 1 to {MaxEntityIdBytes} UTF-8 bytes; this one is {bytes.Length}", nameof(entityId));
        return $"{stream}.e.{Base64Url.EncodeToString(bytes)}";
    }
}
