using System.Text;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Auth;

/// <summary>Namespace tokens are kept only as hashes (docs/api.md §6.8.1; docs/architecture.md invariant 8).</summary>
public sealed class TokenStorageTests
{
    [Fact]
    public async Task no_file_in_the_data_directory_contains_a_namespace_token()
    {
        await using var server = await FluxServer.StartAsync(new Dictionary<string, string> { ["FLUX_AUTH_ENABLED"] = "true" });
        var tokens = new List<string>();
        foreach (var name in new[] { "hashed-one", "hashed-two" })
            tokens.Add(Expect.Ok(await server.Api.RegisterNamespaceAsync(name)).Json.GetProperty("token").GetString()!);
        await server.Api.PublishOkAsync("hashed-one/x", FluxApi.Props("v", 1), tokens[0]);
        Assert.Equal(0, await server.StopAsync());

        var files = Directory.EnumerateFiles(server.DataDir, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var token in tokens)
            {
                foreach (var encoded in new[] { Encoding.UTF8.GetBytes(token), Encoding.Unicode.GetBytes(token), Encoding.UTF8.GetBytes(token.Replace("-", "", StringComparison.Ordinal)) })
                    Assert.True(bytes.AsSpan().IndexOf(encoded) < 0, $"{file} holds a namespace token in clear text");
            }
        }

        await server.LaunchAsync(waitUntilReady: true);
        await server.Api.PublishOkAsync("hashed-two/y", FluxApi.Props("v", 1), tokens[1]);
    }
}
