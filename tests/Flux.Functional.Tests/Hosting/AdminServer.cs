namespace Flux.Functional.Tests.Hosting;

/// <summary>One open-mode server with an admin token configured, shared by the tests of a class.</summary>
public class AdminServer : OpenServer
{
    public const string AdminToken = "admin-config-token";

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["FLUX_ADMIN_TOKEN"] = AdminToken };
}
