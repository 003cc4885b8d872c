namespace Flux.Functional.Tests.Hosting;

/// <summary>
/// A setting may come from the TOML file, the environment or the command line; each overrides the one before
/// (README, docs/api.md §14). Seen through the batch-delete cap, which the 400 for a too-large batch names.
/// </summary>
public sealed class ConfigurationSourcesTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("flux-config-").FullName, "flux.toml");

    public Task InitializeAsync() => File.WriteAllTextAsync(_file, "[api]\nmax_batch_delete = 2\n");

    public Task DisposeAsync()
    {
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task the_file_sets_a_limit_the_environment_overrides_it_and_the_command_line_overrides_both()
    {
        Assert.Equal(2, await BatchDeleteCapAsync(new() { ["FLUX_CONFIG"] = _file }));
        Assert.Equal(3, await BatchDeleteCapAsync(new() { ["FLUX_CONFIG"] = _file, ["FLUX_MAX_BATCH_DELETE"] = "3" }));
        Assert.Equal(4, await BatchDeleteCapAsync(new() { ["FLUX_CONFIG"] = _file, ["FLUX_MAX_BATCH_DELETE"] = "3" }, "--FLUX_MAX_BATCH_DELETE=4"));
    }

    [Fact]
    public async Task the_config_file_may_be_named_on_the_command_line()
    {
        Assert.Equal(2, await BatchDeleteCapAsync([], $"--FLUX_CONFIG={_file}"));
    }

    private static async Task<int> BatchDeleteCapAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        await using var server = await FluxServer.StartAsync(environment, arguments: arguments);
        var ids = Enumerable.Range(0, 10).Select(i => $"\"cap/{i}\"");
        var message = Expect.Error(await server.Api.BatchDeleteAsync($$"""{"entity_ids":[{{string.Join(",", ids)}}]}"""), 400);
        Assert.StartsWith("Batch too large: 10 entities requested, max is ", message, StringComparison.Ordinal);
        return int.Parse(message[(message.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
