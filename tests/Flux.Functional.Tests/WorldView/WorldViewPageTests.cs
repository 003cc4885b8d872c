using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.WorldView;

/// <summary>How the world view's files are served (docs/api.md §6.13), over HTTP; what the page shows is tested in Chromium (Flux.Browser.Tests).</summary>
public sealed partial class WorldViewPageTests(OpenServer fixture) : IClassFixture<OpenServer>
{
    private HttpClient Http => fixture.Server.Http;

    [Fact]
    public async Task the_page_and_every_file_it_loads_are_served_with_their_content_type_and_a_revalidation_header()
    {
        var page = await Http.GetAsync("world");
        var html = await page.Content.ReadAsStringAsync();
        AssertServed(page, "text/html");

        var files = FileReference().Matches(html).Select(m => m.Groups["file"].Value).ToList();
        Assert.Contains("world/world.css", files);
        Assert.Contains("world/world.js", files);
        // The script's modules are named by its imports, relative to it.
        for (var i = 0; i < files.Count; i++)
        {
            var response = await Http.GetAsync(files[i]);
            var text = await response.Content.ReadAsStringAsync();
            AssertServed(response, files[i].EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript");
            Assert.Empty(OtherHost().Matches(text));
            foreach (var module in ModuleImport().Matches(text).Select(m => "world/" + m.Groups["file"].Value).Where(f => !files.Contains(f)))
                files.Add(module);
        }
        Assert.Contains("world/tree.js", files);
        Assert.Empty(OtherHost().Matches(html));
    }

    [Fact]
    public async Task a_file_asked_for_again_with_its_entity_tag_answers_304_without_a_body()
    {
        var first = await Http.GetAsync("world/world.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "world/world.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var response = await Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task an_unknown_file_of_the_world_view_answers_the_contracts_404()
    {
        var response = await Http.GetAsync("world/no-such-file.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Not found", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    private static void AssertServed(HttpResponseMessage response, string mediaType)
    {
        var uri = response.RequestMessage!.RequestUri;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(new CacheControlHeaderValue { NoCache = true }, response.Headers.CacheControl);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?:src|href)=""(?<file>world/[^""]+)""")]
    private static partial Regex FileReference();

    [GeneratedRegex(@"from ""\./(?<file>[a-z]+\.js)""")]
    private static partial Regex ModuleImport();

    /// <summary>An address of another host; SVG's namespace name is a name, never fetched.</summary>
    [GeneratedRegex(@"https?://(?!www\.w3\.org/2000/svg"")", RegexOptions.IgnoreCase)]
    private static partial Regex OtherHost();
}
