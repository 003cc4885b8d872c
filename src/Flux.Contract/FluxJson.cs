using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flux.Contract;

/// <summary>
/// How Flux writes JSON: minimal escaping (a timestamp reads <c>+00:00</c>, not <c>\u002B00:00</c>), since
/// bodies are served as application/json, never embedded in HTML; writers are trusted not to need validation.
/// </summary>
public static class FluxJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };
}
