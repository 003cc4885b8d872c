using System.Buffers.Text;
using System.Text;
using Flux.Contract;

namespace Flux.Storage.JetStream;

/// <summary>
/// The subject each entity's events are stored on: <c>&lt;stream&gt;.e.&lt;id&gt;</c>, the id as unpadded
/// base64url of its UTF-8 bytes. Entity ids may hold '.', '*', '>', spaces and any unicode, none of which a
/// subject token may; base64url's alphabet (A-Z a-z 0-9 - _) is always a valid token, and distinct ids stay
/// distinct. Events that name no entity go to <c>&lt;stream&gt;.none</c>.
/// </summary>
/// <remarks>
/// The longest id Flux stores (<see cref="EntityIds.MaxBytes"/>, 1,024 bytes) makes a subject of ~1,400
/// characters, well inside nats-server's 4,096-byte limit on a protocol line.
/// </remarks>
internal sealed class EntitySubjects(string stream)
{
    public string All { get; } = stream + ".>";

    public string NoEntity { get; } = stream + ".none";

    /// <summary>The entity's subject, or null for an id no event can name (empty or over the limit).</summary>
    public string? For(string entityId)
    {
        var bytes = Encoding.UTF8.GetBytes(entityId);
        return bytes.Length is 0 or > EntityIds.MaxBytes ? null : $"{stream}.e.{Base64Url.EncodeToString(bytes)}";
    }
}
