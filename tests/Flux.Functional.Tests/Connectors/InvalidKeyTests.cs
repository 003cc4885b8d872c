using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Connectors;

/// <summary>A FLUX_ENCRYPTION_KEY that is not base64 of 32 bytes leaves connectors unconfigured; the server starts (docs/api.md §6.10).</summary>
[Trait("Suite", "conformance")]
public sealed class InvalidKeyTests(InvalidKeyTests.ShortKeyServer fixture) : IClassFixture<InvalidKeyTests.ShortKeyServer>
{
    /// <summary>Base64 of 16 bytes: a valid AES-128 key, which the store refuses.</summary>
    public const string ShortKey = "c2l4dGVlbi1ieXRlLWtleQ==";

    public sealed class ShortKeyServer : OpenServer
    {
        protected override IReadOnlyDictionary<string, string> Environment =>
            new Dictionary<string, string> { ["FLUX_ENCRYPTION_KEY"] = ShortKey };
    }

    [Fact]
    public async Task the_server_runs_without_a_store_and_its_warning_names_the_problem_but_not_the_key()
    {
        Expect.Error(await fixture.Api.SendAsync(HttpMethod.Post, "api/connectors/github/token", """{"token":"t"}"""), 500,
            "Credential storage not available (FLUX_ENCRYPTION_KEY not set)");
        var list = Expect.Ok(await fixture.Api.SendAsync(HttpMethod.Get, "api/connectors")).Json.GetProperty("connectors");
        Assert.All(list.EnumerateArray(), c => Assert.Equal("not_configured", c.GetProperty("status").GetString()));

        var output = await Eventually.HoldsAsync(() => Task.FromResult(fixture.Server.Output.ToString()),
            text => text.Contains("FLUX_ENCRYPTION_KEY must be", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the key warning");

        Assert.Contains("it decodes to 16 bytes, not 32", output, StringComparison.Ordinal);
        Assert.DoesNotContain(ShortKey, output, StringComparison.Ordinal);
    }
}
