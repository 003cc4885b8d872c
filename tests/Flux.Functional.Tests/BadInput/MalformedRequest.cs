using System.Text;

namespace Flux.Functional.Tests.BadInput;

/// <summary>
/// One hostile HTTP request and the answer the contract demands: a status (0 = any 4xx) and,
/// where the contract fixes it, the exact error message. Requests go out over a bare socket so
/// the bytes are exactly these.
/// </summary>
public sealed record MalformedRequest(string Name, string Method, string Target, byte[]? Body, int Status, string? Message = null, bool Chunked = false)
{
    /// <summary>Every entity id the corpus mentions; none of them may ever exist.</summary>
    public const string TargetEntity = "bad/target";

    public static MalformedRequest Json(string name, string method, string target, string body, int status, string? message = null) =>
        new(name, method, target, Encoding.UTF8.GetBytes(body), status, message);

    public Task<ApiResponse> SendAsync(Uri baseAddress)
    {
        var headers = Body is null ? Array.Empty<string>() : ["Content-Type: application/json"];
        return RawHttp.SendAsync(baseAddress, RawHttp.Request(baseAddress, Method, Target, Body, Chunked, headers), $"[{Name}] {Method} {Target}");
    }

    public override string ToString() => Name;
}
