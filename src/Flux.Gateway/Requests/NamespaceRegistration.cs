using System.Diagnostics.CodeAnalysis;

namespace Flux.Gateway.Requests;

/// <summary>
/// The body of <c>POST /api/namespaces</c> (docs/api.md §6.8.1 step 3). The name rules
/// (steps 4–7) are checked afterwards with <c>NamespaceName.Validate</c>.
/// </summary>
public sealed record NamespaceRegistration(string Name)
{
    /// <summary>Parses the body; on failure <paramref name="error"/> is the 400 message.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out NamespaceRegistration? registration, out string error)
    {
        registration = null;
        if (!JsonBody.TryParseObject(body, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("name", out var element) || !JsonBody.TryReadString(element, out var name))
            {
                error = "name must be a string";
                return false;
            }

            registration = new NamespaceRegistration(name);
            return true;
        }
    }
}
