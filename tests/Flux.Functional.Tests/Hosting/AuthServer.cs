namespace Flux.Functional.Tests.Hosting;

/// <summary>One auth-mode server with an admin token, shared by the tests of a class.</summary>
public class AuthServer : OpenServer
{
    public const string AdminToken = "admin-secret-token";

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["FLUX_AUTH_ENABLED"] = "true",
        ["FLUX_ADMIN_TOKEN"] = AdminToken,
    };
}
